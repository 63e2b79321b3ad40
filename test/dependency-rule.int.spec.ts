import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The layering is enforced by eslint.config.mjs (no-restricted-imports per folder). These plant
 * violations in files that do not exist and lint them with the project's own configuration, in a
 * child process: ESLint loads its ESM config by dynamic import, which Jest's sandbox cannot.
 */
const ROOT = join(__dirname, '..');
const LINT = `
import { ESLint } from 'eslint';
const planted = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const found = {};
for (const [file, code] of Object.entries(planted)) {
  const [result] = await eslint.lintText(code, { filePath: file });
  found[file] = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}
process.stdout.write(JSON.stringify(found));
`;

// Built at run time so that check-repo-paths does not take the planted paths for real ones.
const UP3 = '../'.repeat(3);
const planted: Record<string, string> = {};
let found: Record<string, string[]> = {};
const violations = (file: string) => found[join(ROOT, file)]!;
const plant = (file: string, code: string) => (planted[join(ROOT, file)] = code);

const upward = `export { agentRoom } from '${UP3}apps/chat-server/src/gateway/agent.gateway';\n`;
const frameworkAndIo = [
  "import { Injectable } from '@nestjs/common';",
  "import { readFileSync } from 'node:fs';",
  "import Database from 'better-sqlite3';",
  'export const planted = [Injectable, readFileSync, Database];',
  '',
].join('\n');
const fileRead = "import { readFileSync } from 'node:fs';\nexport const planted = readFileSync;\n";
const webApp = [
  "import { AppError } from '@pagedesk/shared';",
  `import { mapError } from '${UP3}chat-server/src/errors/error-map';`,
  "import { readFileSync } from 'node:fs';",
  "import { deliveryStatus } from '@pagedesk/contracts';",
  "import { request } from '../shared/api';",
  "import { io } from 'socket.io-client';",
  'export const planted = [AppError, mapError, readFileSync, deliveryStatus, request, io];',
  '',
].join('\n');

describe('the dependency rule fails lint on a planted violation', () => {
  beforeAll(() => {
    plant('libs/routing/src/planted.ts', upward);
    plant('libs/conversation/src/planted.ts', frameworkAndIo);
    plant('libs/contracts/src/planted.ts', frameworkAndIo);
    plant('libs/event-store/src/planted.ts', fileRead);
    plant('libs/messenger/src/testing/planted.ts', fileRead);
    plant('apps/agent-desktop/src/agent/planted.ts', webApp);
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', LINT, JSON.stringify(planted)],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    found = JSON.parse(output);
  });

  it('libs never import apps', () => {
    expect(violations('libs/routing/src/planted.ts')).toEqual([
      expect.stringContaining('libs never import apps'),
    ]);
  });

  it('domain libs import no framework and do no I/O', () => {
    expect(violations('libs/conversation/src/planted.ts')).toHaveLength(3);
    expect(violations('libs/contracts/src/planted.ts')).toHaveLength(3);
  });

  it('lets I/O libraries and test support do their job', () => {
    expect(violations('libs/event-store/src/planted.ts')).toEqual([]);
    expect(violations('libs/messenger/src/testing/planted.ts')).toEqual([]);
  });

  it('the web app imports only the contract of the server side, and nothing outside itself', () => {
    expect(violations('apps/agent-desktop/src/agent/planted.ts')).toEqual([
      expect.stringContaining('only @pagedesk/contracts'),
      expect.stringContaining('its own code'),
      expect.stringContaining('runs in a browser'),
    ]);
  });
});
