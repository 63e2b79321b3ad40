export * from './errors';
export * from './json';
export * from './ids';
export * from './failure-class';
