export * from './errors';
export * from './json';
