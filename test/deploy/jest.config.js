/**
 * Only for `npm run check:deploy` (scripts/check-deploy.ts), which starts the
 * PgBouncer these specs need: `*.deploy.spec.ts` matches none of the CI tiers.
 */
const base = require('../../jest.config.js');
const int = base.projects.find((p) => p.displayName === 'int');

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...int, displayName: 'deploy', testMatch: ['<rootDir>/test/deploy/**/*.deploy.spec.ts'] },
  ],
};
