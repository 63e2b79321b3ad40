export * from './page-directory.port';
export * from './messenger-config';
export * from './config-page-directory';
export * from './node-graph-transport';
