import {
  AGENT_PUSH_BATCH,
  AgentPushes,
  AgentRequests,
  HANDSHAKE_CODES,
  SOCKET_ACK_CODES,
  SupervisorPushes,
  SupervisorRequests,
} from '@pagedesk/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const doc = readFileSync(join(__dirname, '../docs/socket-contract.md'), 'utf8');

/** The backticked names in the first column of the tables under a `## heading`. */
function firstColumn(heading: string): string[] {
  const section = doc.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => /^\| `([^`]+)`/.exec(line)![1]!);
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe('docs/socket-contract.md tells the contract of libs/contracts', () => {
  it('lists every client → server event of /agent, and no other', () => {
    expect(sorted(firstColumn('Client → server (`/agent`)'))).toEqual(
      sorted(Object.keys(AgentRequests)),
    );
  });

  it('lists every server → client push of /agent, and no other', () => {
    expect(sorted(firstColumn('Server → client (`/agent`)'))).toEqual(
      sorted(Object.keys(AgentPushes)),
    );
  });

  it('says that the pushes of /agent arrive in batches, and under which event name', () => {
    const batches = doc.split('\n## Pushes arrive in batches\n')[1]?.split('\n## ')[0] ?? '';
    expect(batches).toContain(`\`${AGENT_PUSH_BATCH}\``);
    expect(batches).toContain('`session:ended`');
  });

  it('lists every push and request of /supervisor, and no other', () => {
    expect(sorted(firstColumn('`/supervisor`'))).toEqual(
      sorted([...Object.keys(SupervisorPushes), ...Object.keys(SupervisorRequests)]),
    );
  });

  it('lists every code an ack can carry, and no other', () => {
    expect(sorted(firstColumn('Acknowledgements'))).toEqual(sorted(SOCKET_ACK_CODES));
  });

  it('names the codes of a refused handshake', () => {
    const connecting = doc.split('\n## Connecting\n')[1]!.split('\n## ')[0]!;
    for (const code of HANDSHAKE_CODES) expect(connecting).toContain(`\`${code}\``);
  });

  it("says that a customer message's messageId is Facebook's mid", () => {
    expect(doc).toMatch(/`messageId` is Facebook's `mid` for customer messages/);
  });
});
