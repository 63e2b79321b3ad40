export * from './chat-plugin-visitors';
export * from './conversation-view';
export * from './customer-routes';
export * from './update-routing';
export * from './customer-of';
