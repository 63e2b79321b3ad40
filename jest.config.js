/** Test tiers by file name: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts. */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

const moduleNameMapper = {
  '^@pagedesk/test-support/(.*)$': '<rootDir>/test/support/$1',
  '^@pagedesk/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@pagedesk/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch,
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

module.exports = {
  testTimeout: 60_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts']),
  ],
};
