export * from './event';
export * from './errors';
export * from './event-store.port';
export * from './validation';
export * from './sqlite/sqlite-event-store';
// The EventStoreDB and PostgreSQL adapters are not here: their clients are loaded only when chosen (create-event-store.ts).
export * from './create-event-store';
export * from './command-handler';
export * from './audit-line';
export * from './stream-id';
