import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StandinLog, StoredEvent } from './log';
import {
  caughtUp,
  checkpoint,
  confirmation,
  eventResponse,
  streamNameOf,
  streamNotFound,
} from './messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Filter = (event: StoredEvent) => boolean;

/** Streams.Read serves stream reads, $all reads and both kinds of catch-up subscription. */
export function serveRead(call: ReadCall, log: StandinLog): void {
  const options = call.request.getOptions();
  if (!options)
    return void call.emit('error', {
      code: status.INVALID_ARGUMENT,
      details: 'ReadReq without options',
    });
  if (options.hasSubscription()) return subscribe(call, log, options);
  const events = options.hasStream() ? readStream(call, log, options) : readAll(log, options);
  if (!events) return;
  events.forEach((event) => call.write(eventResponse(event)));
  call.end();
}

function readStream(
  call: ReadCall,
  log: StandinLog,
  options: ReadReq.Options,
): readonly StoredEvent[] | undefined {
  const streamOptions = options.getStream()!;
  const streamName = streamNameOf(streamOptions.getStreamIdentifier());
  const events = log.stream(streamName);
  if (!events) {
    call.write(streamNotFound(streamName));
    call.end();
    return undefined;
  }
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : undefined;
  const slice = backwards
    ? events.filter((event) => from === undefined || event.revision <= from).reverse()
    : events.filter((event) => from === undefined || event.revision >= from);
  return slice.slice(0, count(options));
}

/** Forwards reads include the event at the start position, backwards reads end just before it. */
function readAll(log: StandinLog, options: ReadReq.Options): readonly StoredEvent[] {
  const all = options.getAll()!;
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const from = all.hasPosition() ? Number(all.getPosition()!.getCommitPosition()) : undefined;
  const filter = filterOf(options);
  let events: StoredEvent[];
  if (backwards) {
    events = log.events
      .filter((event) => !all.hasStart() && (from === undefined || event.position < from))
      .reverse();
  } else {
    events = all.hasEnd()
      ? []
      : log.events.filter((event) => from === undefined || event.position >= from);
  }
  return events.filter(filter).slice(0, count(options));
}

const count = (options: ReadReq.Options): number =>
  options.hasCount()
    ? Math.min(Number(options.getCount()), Number.MAX_SAFE_INTEGER)
    : Number.MAX_SAFE_INTEGER;

/** EventStoreDB's default search window when the client asks for none. */
const DEFAULT_WINDOW = 32;

/**
 * Confirmation first, then the backlog after the (exclusive) start, then caught-up,
 * then live events; writes respect the call's back-pressure. A filtered
 * subscription also gets a checkpoint each time the server has passed over
 * `window × multiplier` events, as EventStoreDB sends them.
 */
function subscribe(call: ReadCall, log: StandinLog, options: ReadReq.Options): void {
  if (!options.hasAll())
    return void call.emit('error', {
      code: status.UNIMPLEMENTED,
      details: 'only $all subscriptions are served',
    });
  const filter = filterOf(options);
  const checkpointEvery = checkpointInterval(options);
  let passed = 0;
  const responseTo = (event: StoredEvent): ReadResp | undefined => {
    if (filter(event)) return eventResponse(event);
    if (checkpointEvery === undefined || ++passed < checkpointEvery) return undefined;
    passed = 0;
    return checkpoint(event.position);
  };
  let cursor = subscriptionStart(log, options.getAll()!);
  let caughtUpSent = false;
  let waitingForDrain = false;
  const pump = () => {
    if (waitingForDrain || call.cancelled || call.writableEnded) return;
    while (cursor < log.events.length) {
      const response = responseTo(log.events[cursor++]);
      if (response && !call.write(response)) {
        waitingForDrain = true;
        call.once('drain', () => {
          waitingForDrain = false;
          pump();
        });
        return;
      }
    }
    if (!caughtUpSent) call.write(caughtUp());
    caughtUpSent = true;
  };
  const unsubscribe = log.onAppend(pump);
  call.once('close', unsubscribe);
  call.once('cancelled', unsubscribe);
  call.write(confirmation(randomUUID()));
  pump();
}

function checkpointInterval(options: ReadReq.Options): number | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_WINDOW;
  return window * Math.max(1, filter.getCheckpointintervalmultiplier());
}

function subscriptionStart(log: StandinLog, all: ReadReq.Options.AllOptions): number {
  if (all.hasEnd()) return log.events.length;
  if (!all.hasPosition()) return 0;
  const after = Number(all.getPosition()!.getCommitPosition());
  const next = log.events.findIndex((event) => event.position > after);
  return next < 0 ? log.events.length : next;
}

function filterOf(options: ReadReq.Options): Filter {
  const streamOnly = options.hasStream()
    ? streamNameOf(options.getStream()!.getStreamIdentifier())
    : undefined;
  const expression = options.hasFilter() ? filterExpression(options.getFilter()!) : undefined;
  return (event) =>
    (streamOnly === undefined || event.streamName === streamOnly) &&
    (expression === undefined || expression(event));
}

function filterExpression(filter: ReadReq.Options.FilterOptions): Filter {
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  return (event) => {
    const subject = onType ? event.type : event.streamName;
    return (
      (regex?.test(subject) ?? true) &&
      (prefixes.length === 0 || prefixes.some((p) => subject.startsWith(p)))
    );
  };
}
