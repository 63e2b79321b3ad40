export * from './grace-period';
export * from './routed-conversation';
export * from './routing-book';
export * from './routing-decisions';
export * from './routing-directory';
export * from './agent-slots';
export * from './offer-groups';
