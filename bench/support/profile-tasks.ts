/**
 * The main thread's busy time by whole stack, and its longest uninterrupted
 * tasks, from a V8 .cpuprofile (node --cpu-prof):
 *
 *   tsx bench/support/profile-tasks.ts <file.cpuprofile> [fromUs toUs]
 *
 * Each busy sample goes to one bucket, the first that its stack (leaf to root)
 * matches in this order: GC; the store's commit (SQL transaction incl. fsync);
 * the rest of the store's flush (resolving appends, waking subscriptions);
 * pino; the webhook route, signature and rules; a subscription delivering
 * (split by the handler's file) or reading its page; otherwise the outermost
 * app frame's file, or HTTP/libuv when the stack has none. Each sample counts
 * once (see profile-shares.ts on why not by time).
 *
 * A task is a run of busy samples with no idle sample between them; its wall
 * time includes any wait for a core inside it (gaps between samples over 2 ms
 * are reported as such).
 */
import { readFileSync } from 'node:fs';
import type { CpuProfile } from './profile-shares';

interface Node {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

const own = (url: string) => /\/((?:apps|libs)\/.*)$/.exec(url)?.[1];
const short = (url: string) =>
  (own(url) ?? url)
    .replace(/^(apps\/chat-server\/src|libs\/([^/]+)\/src)\//, (_, _a, lib) =>
      lib ? `${lib}:` : '',
    )
    .replace(/\.(js|ts)$/, '');

function bucketOf(stack: readonly Node[]): string {
  // stack[0] is the leaf.
  const leaf = stack[0]!.callFrame;
  if (leaf.functionName === '(garbage collector)') return 'GC';
  if (leaf.functionName === '(program)') return 'V8 / native, unattributed';
  const has = (fn: (n: Node['callFrame']) => boolean) => stack.some((n) => fn(n.callFrame));
  const inStore = (name: string) => (f: Node['callFrame']) =>
    f.functionName === name && /event-store\/src\/sqlite\/sqlite-event-store/.test(f.url);
  if (has(inStore('commit'))) return 'store: commit (SQL transaction, fsync)';
  if (has(inStore('flush'))) return 'store: flush after commit (resolve appends, notify)';
  if (
    has((f) => /node_modules\/(pino|pino-http|sonic-boom|nestjs-pino|thread-stream)\//.test(f.url))
  )
    return 'pino';
  if (has((f) => /messenger\/src\/signature/.test(f.url))) return 'webhook: signature (HMAC)';
  if (
    has((f) =>
      /inbound\/(webhook-route|webhook-acknowledgement|webhook\.controller|raw-webhook-body|delivery-origin|inbound-lane|inbox)|messenger\/src\//.test(
        f.url,
      ),
    )
  )
    return 'webhook: route + rules + append enqueue';
  // A subscription: the handler's file is the frame just under deliverPage.
  const at = stack.findIndex(
    (n) => n.callFrame.functionName === 'deliverPage' && /page-delivery/.test(n.callFrame.url),
  );
  if (at > 0) {
    const handler = stack
      .slice(0, at)
      .reverse()
      .find((n) => own(n.callFrame.url));
    return `subscription handler: ${handler ? short(handler.callFrame.url) : '(native)'}`;
  }
  if (has((f) => f.functionName === 'run' && /sqlite-subscription/.test(f.url)))
    return 'subscription: read page (SQL + JSON decode)';
  const outer = [...stack].reverse().find((n) => own(n.callFrame.url));
  if (outer) return `app: ${short(outer.callFrame.url)}`;
  if (
    has((f) => /node_modules\/(express|router|@nestjs|body-parser|raw-body|helmet)\//.test(f.url))
  )
    return 'HTTP: Express/Nest';
  if (has((f) => /node_modules\/(socket\.io|engine\.io|ws)/.test(f.url))) return 'sockets';
  if (has((f) => f.url.startsWith('node:') || f.url === '')) return 'HTTP/libuv/Node core';
  return 'other';
}

export function analyse(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity) {
  const byId = new Map<number, Node>(profile.nodes.map((n) => [n.id, n as Node]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): Node[] => {
    const out: Node[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (n.callFrame.functionName !== '(root)') out.push(n);
    }
    return out;
  };
  const cache = new Map<number, string>();
  const bucket = (id: number) => {
    let b = cache.get(id);
    if (b === undefined) cache.set(id, (b = bucketOf(stackOf(id))));
    return b;
  };
  const entryOf = (id: number) => {
    const s = stackOf(id);
    const root = s[s.length - 1]?.callFrame;
    return root ? root.functionName || '(anonymous)' : '?';
  };
  const buckets = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  interface Task {
    start: number;
    end: number;
    samples: number;
    maxGapMs: number;
    buckets: Map<string, number>;
    entries: Set<string>;
  }
  const tasks: Task[] = [];
  let task: Task | undefined;
  let at = profile.startTime;
  let prev = at;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const gap = (at - prev) / 1000;
    prev = at;
    if (at < fromUs || at > toUs) return;
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      idle += 1;
      if (task) tasks.push(task);
      task = undefined;
      return;
    }
    busy += 1;
    const b = bucket(id);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
    if (!task)
      task = {
        start: at,
        end: at,
        samples: 0,
        maxGapMs: 0,
        buckets: new Map(),
        entries: new Set(),
      };
    else task.maxGapMs = Math.max(task.maxGapMs, gap);
    task.end = at;
    task.samples += 1;
    task.buckets.set(b, (task.buckets.get(b) ?? 0) + 1);
    task.entries.add(entryOf(id));
  });
  if (task) tasks.push(task);
  return { busy, idle, buckets, tasks };
}

if (require.main === module) {
  const [file, from, to, minMs] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-tasks.ts <file.cpuprofile> [fromUs toUs [minMs]]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { busy, idle, buckets, tasks } = analyse(
    profile,
    from ? Number(from) : undefined,
    to ? Number(to) : undefined,
  );
  const pct = (n: number) => `${((100 * n) / busy).toFixed(1)} %`;
  console.log(`${busy} busy samples, ${idle} idle`);
  for (const [b, n] of [...buckets].sort((x, y) => y[1] - x[1]))
    console.log(`  ${String(n).padStart(6)}  ${pct(n).padStart(7)}  ${b}`);
  const wallMs = (t: (typeof tasks)[number]) => (t.end - t.start) / 1000;
  console.log('');
  for (const over of [10, 20, 30, 50]) {
    const these = tasks.filter((t) => wallMs(t) > over);
    const samples = these.reduce((s, t) => s + t.samples, 0);
    console.log(
      `tasks over ${over} ms wall: ${these.length}, ${these.reduce((s, t) => s + wallMs(t), 0).toFixed(0)} ms wall, ${samples} samples (${pct(samples)} of busy)`,
    );
  }
  const min = Number(minMs ?? 10);
  const long = tasks.filter((t) => wallMs(t) > min);
  const inside = new Map<string, number>();
  const leading = new Map<string, number>();
  for (const t of long) {
    for (const [b, n] of t.buckets) inside.set(b, (inside.get(b) ?? 0) + n);
    const top = [...t.buckets].sort((x, y) => y[1] - x[1])[0]![0];
    leading.set(top, (leading.get(top) ?? 0) + 1);
  }
  const insideAll = [...inside.values()].reduce((s, n) => s + n, 0);
  console.log(`\nbuckets inside the tasks over ${min} ms (tasks where it is the largest)`);
  for (const [b, n] of [...inside].sort((x, y) => y[1] - x[1]))
    console.log(
      `  ${String(n).padStart(6)}  ${((100 * n) / insideAll).toFixed(1).padStart(5)} %  (${leading.get(b) ?? 0})  ${b}`,
    );
  console.log(`\ntasks over ${min} ms, longest first`);
  for (const t of long.sort((x, y) => wallMs(y) - wallMs(x))) {
    const top = [...t.buckets]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 4)
      .map(([b, n]) => `${b} ${n}`)
      .join('; ');
    console.log(
      `  ${wallMs(t).toFixed(1).padStart(6)} ms wall, ${String(t.samples).padStart(3)} samples, max gap ${t.maxGapMs.toFixed(1)} ms, at +${((t.start - Number(from ?? profile.startTime)) / 1e6).toFixed(2)} s [${[...t.entries].join(',')}]: ${top}`,
    );
  }
}
