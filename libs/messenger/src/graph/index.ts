export * from './graph-api-client';
export * from './graph-api-error';
export * from './graph-api-versions';
export * from './graph-transport';
