/** Test tiers by file name: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts. */
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

const esm = {
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

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
  // NestJS 12 ships ES modules only; Jest on Node 20 cannot require(esm), so SWC turns them into CommonJS.
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '^.+/node_modules/@nestjs/.+\\.js$': ['@swc/jest', esm],
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  // The README's Node 24 recipe unpacks two Node builds here; their package.json files are not ours.
  modulePathIgnorePatterns: ['<rootDir>/.node24/'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/tier-sequencer.js',
  projects: [
    project('unit', ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts']),
  ],
};
