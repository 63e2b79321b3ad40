export * from './checkpoint-store';
export * from './projection';
export * from './projection-failed-error';
export * from './projection-runner';
export * from './reactor';
export * from './read-model-db';
export * from './sql-db';
export * from './read-model-diff';
