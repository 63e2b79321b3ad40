export * from './agent-socket';
export * from './content';
export * from './delivery-status';
export * from './error-codes';
export * from './rest';
export * from './schema';
export * from './supervisor-socket';
