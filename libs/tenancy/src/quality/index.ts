export * from './score';
export * from './scorecards';
export * from './reviews';
