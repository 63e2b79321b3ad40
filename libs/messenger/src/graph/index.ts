export * from './graph-api-client';
export * from './graph-api-error';
