// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layering the README describes, enforced (docs: README "Checks"). Each group fails lint on import.
const APPS = {
  regex: '(^|/)apps/',
  message: 'libs never import apps: move the shared part into a lib',
};
const IO_AND_FRAMEWORKS = {
  group: [
    '@nestjs/*',
    'better-sqlite3',
    'pg',
    '@eventstore/*',
    'socket.io',
    'socket.io-client',
    'express',
    ...[
      'fs',
      'fs/*',
      'net',
      'http',
      'https',
      'http2',
      'child_process',
      'worker_threads',
      'dgram',
    ].flatMap((m) => [m, `node:${m}`]),
  ],
  message:
    'domain libs decide, they do no I/O and know no framework: take a port or a value instead',
};
const DOMAIN_LIBS = [
  'conversation',
  'routing',
  'lifecycle',
  'tenancy',
  'outbound',
  'messenger',
  'contracts',
  'shared',
];
const TESTS = ['**/*.spec.ts', '**/testing/**'];
/**
 * Where read-model SQL is written and run: linted with type information, for promises left
 * floating (a statement not awaited lands outside its transaction). Not the whole tree: type
 * information costs lint time in CI; elsewhere the types catch a read model's answer used unawaited.
 */
const ASYNC_SQL_FILES = [
  'libs/read-models/src/**/*.ts',
  'libs/processing/src/**/*.ts',
  'apps/cli/src/**/*.ts',
  'apps/chat-server/src/read-models/**/*.ts',
  'test/support/**/*.ts',
  'bench/**/*.ts',
];

/**
 * The web app shares nothing with the server but the contract. A relative import leaves the app after
 * as many parent steps as the file is deep below apps/agent-desktop, so there is one block per depth.
 */
function webAppBoundaries() {
  return [1, 2, 3, 4].map((depth) => ({
    files: [`apps/agent-desktop/${'*/'.repeat(depth)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@pagedesk/*', '!@pagedesk/contracts'],
              message: 'the web app imports only @pagedesk/contracts of the server side',
            },
            {
              regex: `^(\\.\\./){${depth + 1},}`,
              message: 'the web app imports its own code, @pagedesk/contracts and browser packages',
            },
            { group: ['node:*'], message: 'the web app runs in a browser' },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'artifacts/**',
      'bench/results/**',
      '.bench/**',
      'apps/agent-desktop/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [APPS] }] },
  },
  {
    files: DOMAIN_LIBS.map((lib) => `libs/${lib}/src/**/*.ts`),
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [APPS, IO_AND_FRAMEWORKS] }] },
  },
  ...webAppBoundaries(),
  {
    // The read models went asynchronous: a statement not awaited would land outside its transaction.
    files: ASYNC_SQL_FILES,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
