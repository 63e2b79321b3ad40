/**
 * Where a thread's busy time went, from a V8 .cpuprofile (node --cpu-prof):
 * each sample's self time goes to the file or package of its frame, and to a
 * step of the webhook's acknowledgement. Node's own frames and natives (socket
 * writes, HMAC, SQLite's C code) count for the nearest JavaScript frame that
 * called them, so an fsync under the store counts as the append, a write
 * under pino as logging. Idle samples are left out: shares are of busy time,
 * so they compare between runs on a machine shared with other work.
 *
 * Each sample counts once, whatever time passed since the one before: on a
 * busy machine most of that time is the thread waiting for a core (gaps of
 * 10-500 ms where the interval is 1 ms), and weighting by it would hand the
 * wait to whichever frame the thread resumed in.
 *
 *   tsx bench/support/profile-shares.ts <file.cpuprofile> [fromUs toUs]
 *
 * fromUs/toUs (the profile's clock, CLOCK_MONOTONIC in µs) keep only the
 * samples of a load window, leaving out start-up and shutdown.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The steps, first match wins; a frame matching none is app or background code ("other"). */
const STEPS: readonly (readonly [string, RegExp])[] = [
  [
    'logging (pino, pino-http)',
    /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|fast-redact|@pinojs|nestjs-pino|thread-stream|safe-stable-stringify)\//,
  ],
  ['security headers (helmet)', /node_modules\/helmet\//],
  ['metrics (prom-client, timing)', /node_modules\/prom-client\/|metrics\/webhook-timing/],
  [
    'body (raw body, limit)',
    /node_modules\/(body-parser|raw-body|type-is|content-type|iconv-lite|media-typer|on-finished|unpipe|http-errors|bytes)\/|inbound\/raw-webhook-body/,
  ],
  ['signature (HMAC)', /messenger\/src\/signature/],
  [
    'rules (JSON parse, envelope, origin)',
    /webhook-acknowledgement|webhook\.controller|delivery-origin|inbound-lane|messenger\/src\/(parse-|json-access|timestamp|referral|attachments|events)/,
  ],
  [
    'append + fsync (inbox, store)',
    /node_modules\/better-sqlite3\/|libs\/event-store\/|inbound\/inbox\.ts|inbound\/inbox\.js/,
  ],
  ['HTTP: the webhook route itself', /inbound\/webhook-route/],
  [
    'HTTP: Express + Nest (router, middleware, pipes, filters)',
    /node_modules\/(express|router|@nestjs|path-to-regexp|finalhandler|send|serve-static|etag|fresh|parseurl|qs|depd|encodeurl|escape-html|merge-descriptors|accepts|negotiator|mime-types|mime-db|proxy-addr|forwarded|ipaddr\.js|cookie|vary|content-disposition|statuses|range-parser|rxjs|class-validator|class-transformer|reflect-metadata|cors|object-assign|setprototypeof|inherits|ee-first)\/|errors\/(error-map|app-error\.filter|json-depth)/,
  ],
  ['HTTP: Node core (http, net, streams, events)', /^node:/],
];

const GC = '(garbage collector)';
const IDLE = '(idle)';
const PROGRAM = '(program)';

/** Node's own and native frames: their time belongs to whoever called them. */
const borrowsCaller = (url: string) => url === '' || url.startsWith('node:');

/** A file's package (node_modules/<name>), or its path from the repository's apps/ or libs/. */
function whereOf(url: string, functionName: string): string {
  if (url === '') return `(native) ${functionName || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/((?:apps|libs|bench|test)\/.*)$/.exec(url)?.[1];
  return own ?? url;
}

function stepOf(url: string): string {
  for (const [step, pattern] of STEPS) if (pattern.test(url)) return step;
  return 'other (background: followers, sockets, …)';
}

export interface Shares {
  /** Samples taken while the thread ran JavaScript, natives or GC (not idle). */
  readonly busy: number;
  readonly windowMs: number;
  readonly steps: Map<string, number>;
  readonly places: Map<string, number>;
}

export function shares(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity): Shares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stepCache = new Map<number, string>();
  /** The step of a sample: GC and V8 as themselves; otherwise its nearest JavaScript frame's. */
  const stepOfNode = (id: number): string => {
    const cached = stepCache.get(id);
    if (cached !== undefined) return cached;
    const { functionName, url } = byId.get(id)!.callFrame;
    let step: string;
    if (functionName === GC) step = 'GC';
    else if (functionName === PROGRAM) step = 'V8 / native, unattributed';
    else if (!borrowsCaller(url)) step = stepOf(url);
    else {
      const up = parent.get(id);
      const caller = up === undefined ? undefined : byId.get(up);
      step =
        caller === undefined || caller.callFrame.functionName === '(root)'
          ? stepOf(url || 'node:')
          : stepOfNode(caller.id);
      // A Node frame under nothing but Node frames (the HTTP parser, timers) is Node's own.
      if (step.startsWith('other') && url.startsWith('node:')) step = stepOf(url);
    }
    stepCache.set(id, step);
    return step;
  };
  const steps = new Map<string, number>();
  const places = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  let first = Infinity;
  let last = -Infinity;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    first = Math.min(first, at);
    last = Math.max(last, at);
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === IDLE) return;
    busy += 1;
    const step = stepOfNode(id);
    steps.set(step, (steps.get(step) ?? 0) + 1);
    const place = whereOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + 1);
  });
  return { busy, windowMs: (last - first) / 1000, steps, places };
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

export function printShares({ busy, windowMs, steps, places }: Shares): void {
  console.log(`window ${(windowMs / 1000).toFixed(1)} s, ${busy} busy samples`);
  console.log('\nshare of busy time by step');
  for (const [step, n] of [...steps].sort((a, b) => b[1] - a[1]))
    console.log(`  ${percent(n, busy).padStart(7)}  ${step}`);
  console.log('\nshare of busy time by file or package (self time, top 25)');
  for (const [place, n] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${percent(n, busy).padStart(7)}  ${place}`);
}

if (require.main === module) {
  const [file, from, to] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-shares.ts <file.cpuprofile> [fromUs toUs]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  printShares(shares(profile, from ? Number(from) : undefined, to ? Number(to) : undefined));
}
