export * from './arrival';
export * from './scheduled-expiry';
