import {
  MAX_CANNED_TITLE,
  placeholderProblem,
  SHORTCUT,
  SHORTCUT_MESSAGE,
  type Content,
} from '@pagedesk/contracts';
import type { AgentMessageContent } from '@pagedesk/conversation';
import { streamIdPart, type Decider } from '@pagedesk/event-store';
import { AppError } from '@pagedesk/shared';
import { exhaustive } from './user-decider';

/**
 * A tenant's canned responses (docs/canned-responses.md), on one stream per tenant so each
 * change is an audited event with its actor. The content was validated like an agent's
 * message at the edge; this decides what only the tenant's list can tell: shortcuts unique,
 * placeholders known, a title, and ids that exist.
 */
export const cannedResponsesStream = (tenantId: string) =>
  `cannedresponses-${streamIdPart(tenantId)}`;
export const MAX_CANNED_RESPONSES = 500;

export interface CannedResponseFields {
  readonly shortcut: string;
  readonly title: string;
  readonly content: AgentMessageContent;
  readonly queueId: string | null;
}

export interface CannedResponseRecord extends CannedResponseFields {
  readonly cannedResponseId: string;
}

type Identified = { readonly tenantId: string; readonly cannedResponseId: string };

export type CannedResponseEvent =
  | { readonly type: 'CannedResponseCreated'; readonly data: Identified & CannedResponseFields }
  | { readonly type: 'CannedResponseUpdated'; readonly data: Identified & CannedResponseFields }
  | { readonly type: 'CannedResponseDeleted'; readonly data: Identified };

export type CannedResponseCommand =
  | { readonly type: 'CreateCannedResponse'; readonly data: Identified & CannedResponseFields }
  | { readonly type: 'UpdateCannedResponse'; readonly data: Identified & CannedResponseFields }
  | { readonly type: 'DeleteCannedResponse'; readonly data: Identified };

export interface CannedResponsesState {
  readonly responses: readonly CannedResponseRecord[];
}

function checked(
  { shortcut, title, content, queueId }: CannedResponseFields,
  others: readonly CannedResponseRecord[],
): CannedResponseFields {
  if (!SHORTCUT.test(shortcut)) throw new AppError('invalid', `shortcut ${SHORTCUT_MESSAGE}`);
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > MAX_CANNED_TITLE)
    throw new AppError('invalid', `title: 1 to ${MAX_CANNED_TITLE} characters`);
  const problem = placeholderProblem(content as Content);
  if (problem) throw new AppError('invalid', problem);
  if (others.some((r) => r.shortcut === shortcut))
    throw new AppError('conflict', `shortcut /${shortcut} is already taken in this tenant`);
  return { shortcut, title: trimmed, content, queueId };
}

function existing(state: CannedResponsesState, cannedResponseId: string): CannedResponseRecord {
  const found = state.responses.find((r) => r.cannedResponseId === cannedResponseId);
  if (!found) throw new AppError('not_found', 'no such canned response');
  return found;
}

function decide(command: CannedResponseCommand, state: CannedResponsesState) {
  const { tenantId, cannedResponseId } = command.data;
  const others = state.responses.filter((r) => r.cannedResponseId !== cannedResponseId);
  switch (command.type) {
    case 'CreateCannedResponse': {
      // A retried create with the same id finds the first and records nothing more.
      if (others.length < state.responses.length) return [];
      if (state.responses.length >= MAX_CANNED_RESPONSES)
        throw new AppError('invalid', `at most ${MAX_CANNED_RESPONSES} canned responses`);
      const fields = checked(command.data, others);
      return [{ type: 'CannedResponseCreated', data: { tenantId, cannedResponseId, ...fields } }];
    }
    case 'UpdateCannedResponse': {
      const before = existing(state, cannedResponseId);
      const fields = checked(command.data, others);
      const same = JSON.stringify({ ...before, ...fields }) === JSON.stringify(before);
      return same
        ? []
        : [{ type: 'CannedResponseUpdated', data: { tenantId, cannedResponseId, ...fields } }];
    }
    case 'DeleteCannedResponse':
      existing(state, cannedResponseId);
      return [{ type: 'CannedResponseDeleted', data: { tenantId, cannedResponseId } }];
    default:
      return exhaustive(command);
  }
}

const recordOf = ({ tenantId: _tenant, ...record }: Identified & CannedResponseFields) => record;

export function evolveCannedResponses(
  state: CannedResponsesState,
  event: CannedResponseEvent,
): CannedResponsesState {
  switch (event.type) {
    case 'CannedResponseCreated':
      return { responses: [...state.responses, recordOf(event.data)] };
    case 'CannedResponseUpdated':
      return {
        responses: state.responses.map((r) =>
          r.cannedResponseId === event.data.cannedResponseId ? recordOf(event.data) : r,
        ),
      };
    case 'CannedResponseDeleted':
      return {
        responses: state.responses.filter(
          (r) => r.cannedResponseId !== event.data.cannedResponseId,
        ),
      };
    default:
      return exhaustive(event);
  }
}

export const cannedResponsesDecider: Decider<
  CannedResponsesState,
  CannedResponseCommand,
  CannedResponseEvent
> = {
  decide: (command, state) => decide(command, state) as CannedResponseEvent[],
  evolve: evolveCannedResponses,
  initialState: () => ({ responses: [] }),
};

/** What a desk in this queue offers: the tenant-wide ones and the queue's own. */
export const cannedResponsesFor = (
  responses: readonly CannedResponseRecord[],
  queueId: string | undefined,
): CannedResponseRecord[] =>
  queueId === undefined
    ? [...responses]
    : responses.filter((r) => r.queueId === null || r.queueId === queueId);
