/**
 * The ceilings for Node on this machine: a bare http server that checks the
 * same X-Hub-Signature-256 over the raw body and answers 200. With
 * BARE_DURABLE_DIR set it also appends each body to a raw better-sqlite3
 * table before answering, with the store's own durability (WAL,
 * synchronous=FULL) and group commit (every body that arrives in one tick
 * shares one transaction and one fsync), so the ratio against Pagedesk
 * compares like with like: what an acknowledgement that survives power loss
 * costs at the least.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const secret = process.env.APP_SECRET ?? '';
const durableDir = process.env.BARE_DURABLE_DIR;

type Append = (body: Buffer, done: () => void) => void;

function durableAppend(dir: string): Append {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table if not exists inbox (position integer primary key, body blob not null)');
  const insert = db.prepare('insert into inbox (body) values (?)');
  const commit = db.transaction((bodies: Buffer[]) => bodies.forEach((b) => insert.run(b)));
  let pending: { body: Buffer; done: () => void }[] = [];
  return (body, done) => {
    pending.push({ body, done });
    if (pending.length > 1) return;
    setImmediate(() => {
      const batch = pending;
      pending = [];
      commit(batch.map((p) => p.body));
      batch.forEach((p) => p.done());
    });
  };
}

const append: Append = durableDir ? durableAppend(durableDir) : (_body, done) => done();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(
      String(req.headers['x-hub-signature-256'] ?? '').replace(/^sha256=/, ''),
      'hex',
    );
    const expected = createHmac('sha256', secret).update(body).digest();
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    if (!ok) return void res.writeHead(403).end();
    append(body, () => res.writeHead(200).end('EVENT_RECEIVED'));
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
