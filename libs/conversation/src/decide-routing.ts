import type { RequeueConversation, TransferConversation } from './commands';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import { requireLive } from './guards';
import type { ConversationState } from './state';

/** Long enough for a hand-over, short enough to read at a glance. */
export const TRANSFER_NOTE_MAX = 1000;

/** Only the agent who has the conversation may pass it on; a queued one is nobody's to transfer. */
export function transferConversation(
  { data }: TransferConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  const live = requireLive(state);
  if (live.status !== 'assigned' || live.agentId !== data.agentId) {
    throw new ConversationError('not_assigned_agent', 'only the assigned agent may transfer', {
      agentId: data.agentId,
    });
  }
  const { to } = data;
  const note = transferNote(data.note);
  const transferred: ConversationEvent = {
    type: 'ConversationTransferred',
    data: { fromAgentId: data.agentId, to, note, transferredAt: now },
  };
  if (to.kind === 'agent') {
    if (to.agentId === data.agentId) {
      throw new ConversationError('invalid_transfer', 'cannot transfer a conversation to yourself');
    }
    return [
      transferred,
      {
        type: 'AgentAssigned',
        data: {
          agentId: to.agentId,
          previousAgentId: data.agentId,
          assignedBy: data.agentId,
          assignedAt: now,
        },
      },
    ];
  }
  return [
    transferred,
    {
      type: 'ConversationRequeued',
      data: {
        queue: to.queue,
        previousAgentId: data.agentId,
        reason: 'transferred',
        front: false,
        requeuedBy: data.agentId,
        queuedAt: now,
      },
    },
  ];
}

/** A blank note is no note; one past the limit is refused rather than cut. */
function transferNote(note: string | null): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > TRANSFER_NOTE_MAX) {
    throw new ConversationError(
      'invalid_transfer',
      `the note is over ${TRANSFER_NOTE_MAX} characters`,
      {
        max: TRANSFER_NOTE_MAX,
      },
    );
  }
  return trimmed === '' ? null : trimmed;
}

/**
 * The grace timer and the agent race each other (a close, a transfer, a
 * reconnect that came too late to cancel it), so anything but "still assigned
 * to that agent" absorbs the command instead of failing it.
 */
export function requeueConversation(
  { data }: RequeueConversation,
  state: ConversationState,
  now: number,
): ConversationEvent[] {
  if (state.status !== 'assigned' || state.agentId !== data.agentId) return [];
  return [
    {
      type: 'ConversationRequeued',
      data: {
        queue: data.queue,
        previousAgentId: data.agentId,
        reason: data.reason,
        front: true,
        requeuedBy: 'router',
        queuedAt: now,
      },
    },
  ];
}
