export * from './event';
export * from './errors';
export * from './event-store.port';
export * from './validation';
export * from './sqlite/sqlite-event-store';
export * from './esdb/esdb-event-store';
export * from './create-event-store';
export * from './command-handler';
