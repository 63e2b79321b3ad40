import { findNonJson } from '@pagedesk/shared';
import type {
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
} from './event';
import { InvalidEventStoreArgumentError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `<category>-<id>`: EventStoreDB's category projections ($ce-category) split on the first dash. */
const STREAM_NAME = /^[A-Za-z][A-Za-z0-9_]*-[^\s$][^\s]{0,253}$/;
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.:]{0,127}$/;
const METADATA_STRINGS = ['correlationId', 'causationId', 'actor', 'recordedAt'] as const;
/** An event's data and metadata as JSON text; sized so a webhook delivery's raw body fits (apps/chat-server config/env.ts). */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;
const MAX_EVENTS_PER_APPEND = 10_000;

const invalid = (message: string, details?: Record<string, unknown>) =>
  new InvalidEventStoreArgumentError(message, details);

export function assertStreamName(streamName: unknown): asserts streamName is string {
  if (typeof streamName !== 'string' || !STREAM_NAME.test(streamName)) {
    throw invalid('stream name must look like <category>-<id> (no spaces, no leading $)', {
      streamName: typeof streamName === 'string' ? streamName.slice(0, 300) : typeof streamName,
    });
  }
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'any' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw invalid('expectedRevision must be no_stream, any, stream_exists or a revision >= 0', {
    expectedRevision: String(expected),
  });
}

/** Validates and serialises; returns the JSON texts so adapters never stringify twice. */
export function serialiseEvents(
  events: readonly EventToAppend[],
): { data: string; metadata: string }[] {
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) {
    throw invalid(`an append carries 1 to ${MAX_EVENTS_PER_APPEND} events`);
  }
  const ids = new Set<string>();
  return events.map((event, index) => {
    const at = `events[${index}]`;
    if (typeof event?.id !== 'string' || !UUID.test(event.id))
      throw invalid(`${at}.id must be a uuid`);
    if (ids.has(event.id.toLowerCase())) throw invalid(`${at}.id is repeated in the same append`);
    ids.add(event.id.toLowerCase());
    if (typeof event.type !== 'string' || !TYPE_NAME.test(event.type))
      throw invalid(`${at}.type is not a valid event type`);
    assertJsonObject(event.data, `${at}.data`);
    assertJsonObject(event.metadata, `${at}.metadata`);
    for (const key of METADATA_STRINGS) {
      if (typeof event.metadata[key] !== 'string' || event.metadata[key] === '') {
        throw invalid(`${at}.metadata.${key} must be a non-empty string`);
      }
    }
    const data = JSON.stringify(event.data);
    const metadata = JSON.stringify(event.metadata);
    if (data.length + metadata.length > MAX_EVENT_BYTES)
      throw invalid(`${at} is larger than ${MAX_EVENT_BYTES} bytes`);
    return { data, metadata };
  });
}

function assertJsonObject(value: unknown, at: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${at} must be a JSON object`);
  const bad = findNonJson(value);
  if (bad) throw invalid(`${at} is not serialisable as JSON at ${bad.replace(/^\$/, at)}`);
}

const isCount = (n: unknown) =>
  n === undefined || (typeof n === 'number' && Number.isSafeInteger(n) && n > 0);
const isPosition = (n: unknown) =>
  n === undefined || (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0);

export function assertReadStreamOptions(options: ReadStreamOptions): void {
  if (
    options.direction !== undefined &&
    options.direction !== 'forwards' &&
    options.direction !== 'backwards'
  ) {
    throw invalid('direction must be forwards or backwards');
  }
  if (!isPosition(options.fromRevision)) throw invalid('fromRevision must be a revision >= 0');
  if (!isCount(options.maxCount)) throw invalid('maxCount must be a positive integer');
  if (
    options.ifMissing !== undefined &&
    options.ifMissing !== 'reject' &&
    options.ifMissing !== 'empty'
  )
    throw invalid('ifMissing must be reject or empty');
}

export function assertReadAllOptions(options: ReadAllOptions): void {
  if (!isPosition(options.after)) throw invalid('after must be a position >= 0');
  if (!isCount(options.maxCount)) throw invalid('maxCount must be a positive integer');
  assertFilter(options.filter);
}

/** An empty list would match nothing, which is never what a reader means: it is refused. */
export function assertFilter(filter: EventFilter | undefined): void {
  if (filter === undefined) return;
  const lists = [filter.types, filter.categories];
  if (lists.every((list) => list === undefined))
    throw invalid('a filter names event types, stream categories or both');
  for (const list of lists) {
    if (list === undefined) continue;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((v) => typeof v !== 'string' || v === '')
    )
      throw invalid('filter lists must hold at least one non-empty string');
  }
}

/** The one definition of what a filter lets through, for adapters that check in memory. */
export function matchesFilter(
  filter: EventFilter | undefined,
  event: { readonly type: string; readonly streamName: string },
): boolean {
  if (!filter) return true;
  return (
    (filter.types === undefined || filter.types.includes(event.type)) &&
    (filter.categories === undefined || filter.categories.includes(categoryOf(event.streamName)))
  );
}

/** The stream's category: the part before the first dash. */
export const categoryOf = (streamName: string): string =>
  streamName.slice(0, streamName.indexOf('-'));
