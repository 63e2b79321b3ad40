export * from './errors';
export * from './events';
export * from './parse-delivery';
export * from './profile';
export * from './signature';
export * from './timestamp';
export * from './graph';
