import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
} from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  Empty,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { Expectation, ProposedEvent, StandinLog } from './log';
import { appendExpectation, batchExpectation, proposedEvent, streamNameOf } from './messages';

/** Streams.Append: a client stream of one options header, then one proposed message per event. */
export function serveAppend(
  call: ServerReadableStream<AppendReq, AppendResp>,
  log: StandinLog,
  done: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const proposed: ProposedEvent[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    if (request.hasProposedMessage()) proposed.push(proposedEvent(request.getProposedMessage()!));
  });
  call.on('end', () => {
    if (!options) return done({ code: status.INVALID_ARGUMENT, details: 'append without options' });
    const expected = appendExpectation(options);
    const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, proposed);
    done(
      null,
      outcome.ok
        ? appendSuccess(outcome.revision, outcome.position)
        : appendConflict(expected, outcome.currentRevision),
    );
  });
}

function appendSuccess(revision: number, position: number): AppendResp {
  const at = new AppendResp.Position()
    .setCommitPosition(String(position))
    .setPreparePosition(String(position));
  return new AppendResp().setSuccess(
    new AppendResp.Success().setCurrentRevision(String(revision)).setPosition(at),
  );
}

function appendConflict(expected: Expectation, current: number | undefined): AppendResp {
  const conflict = new AppendResp.WrongExpectedVersion();
  if (current === undefined) conflict.setCurrentNoStream(new Empty());
  else conflict.setCurrentRevision(String(current));
  if (expected.kind === 'revision') conflict.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no_stream') conflict.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') conflict.setExpectedStreamExists(new Empty());
  else conflict.setExpectedAny(new Empty());
  return new AppendResp().setWrongExpectedVersion(conflict);
}

interface PendingBatch {
  options?: BatchAppendReq.Options;
  readonly proposed: ProposedEvent[];
}

/**
 * Streams.BatchAppend: one long-lived bidirectional stream shared by all appends of a
 * client; requests are grouped by correlation id and answered when `is_final` arrives.
 */
export function serveBatchAppend(
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  log: StandinLog,
): void {
  const pending = new Map<string, PendingBatch>();
  call.on('data', (request: BatchAppendReq) => {
    const correlation = request.getCorrelationId()!;
    const key = correlation.getString();
    const batch = pending.get(key) ?? { proposed: [] };
    pending.set(key, batch);
    if (request.hasOptions()) batch.options = request.getOptions();
    batch.proposed.push(...request.getProposedMessagesList().map(proposedEvent));
    if (!request.getIsFinal()) return;
    pending.delete(key);
    call.write(batchResult(log, batch).setCorrelationId(correlation));
  });
  call.on('end', () => call.end());
}

function batchResult(log: StandinLog, { options, proposed }: PendingBatch): BatchAppendResp {
  const response = new BatchAppendResp().setStreamIdentifier(options!.getStreamIdentifier());
  const expected = batchExpectation(options!);
  const outcome = log.append(streamNameOf(options!.getStreamIdentifier()), expected, proposed);
  if (outcome.ok) {
    const at = new AllStreamPosition()
      .setCommitPosition(String(outcome.position))
      .setPreparePosition(String(outcome.position));
    return response.setSuccess(
      new BatchAppendResp.Success().setCurrentRevision(String(outcome.revision)).setPosition(at),
    );
  }
  return response.setError(batchConflict(expected, outcome.currentRevision));
}

/** Batch append reports a conflict as a google.rpc.Status carrying a packed WrongExpectedVersion. */
function batchConflict(expected: Expectation, current: number | undefined): Status {
  const conflict = new WrongExpectedVersion();
  if (current === undefined) conflict.setCurrentNoStream(new ProtobufEmpty());
  else conflict.setCurrentStreamRevision(String(current));
  if (expected.kind === 'revision') conflict.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no_stream') conflict.setExpectedNoStream(new ProtobufEmpty());
  else if (expected.kind === 'stream_exists') conflict.setExpectedStreamExists(new ProtobufEmpty());
  else conflict.setExpectedAny(new ProtobufEmpty());
  const details = new Any();
  details.pack(conflict.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status()
    .setCode(Code.FAILED_PRECONDITION)
    .setMessage('WrongExpectedVersion')
    .setDetails(details);
}
