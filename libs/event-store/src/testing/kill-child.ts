import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Ack {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
}

/**
 * Runs append-writer.child.ts against the fixture's storage and SIGKILLs it
 * once `killAfter` appends were acknowledged; resolves with every ack it saw.
 */
export function appendUntilKilled(
  env: Readonly<Record<string, string>>,
  killAfter: number,
): Promise<Ack[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'append-writer.child.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acks: Ack[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [tag, stream, revision, id] = line.split(' ');
      if (tag !== 'ack') continue;
      acks.push({ stream: stream!, revision: Number(revision), id: id! });
      if (acks.length === killAfter) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited (${code}) before it was killed: ${stderr}`));
    });
  });
}
