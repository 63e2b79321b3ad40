export * from './event-store.contract';
export * from './fixture';
export * from './events';
export * from './store-faults';
