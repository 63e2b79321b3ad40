export * from './checkpoint-store';
export * from './reactor';
export * from './read-model-db';
