import type { RecordedEvent } from './event';

/** One event of a stream as an audit shows it: who did what, when, and what caused it. */
export interface AuditLine {
  readonly position: number;
  readonly revision: number;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: RecordedEvent['data'];
}

/** The same lines for the CLI's `audit` and the supervisors' "why is it in this state". */
export const auditLineOf = (e: RecordedEvent): AuditLine => ({
  position: e.globalPosition,
  revision: e.revision,
  eventId: e.id,
  recordedAt: e.metadata.recordedAt,
  type: e.type,
  actor: e.metadata.actor,
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  data: e.data,
});
