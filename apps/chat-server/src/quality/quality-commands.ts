import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  conversationDecider,
  conversationEventCodec,
  type ConversationState,
} from '@pagedesk/conversation';
import {
  aggregateStream,
  EVENT_STORE,
  handleCommand,
  StreamNotFoundError,
  type DomainEvent,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import type { ScoreOutcome } from '@pagedesk/contracts';
import { ProjectionCheckpoints } from '@pagedesk/processing';
import { QC_REVIEWS } from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import {
  reviewIdOf,
  reviewsDecider,
  reviewsStream,
  scorecardsDecider,
  scorecardsStream,
  type Marks,
  type ReviewedConversation,
  type ReviewEvent,
  type Scorecard,
  type ScorecardCommand,
  type ScorecardEvent,
  type ScorecardsState,
} from '@pagedesk/tenancy';
import { conversationStream } from '../conversations/conversation-stream';
import { readModelReached } from '../supervision-live/read-model-reached';
import { context, type Actor } from '../tenants/tenant-commands';

/** Written only by the deciders below, so the stored shape is the event's. */
const codec = <E extends DomainEvent>() => ({
  decode: (e: RecordedEvent) => ({ type: e.type, data: e.data }) as unknown as E,
});

/**
 * Scorecards and reviews change only as events. A review is decided against
 * the conversation as its own stream tells it (not a read model that may lag),
 * and answered once the reviews read model holds it, so a list read next shows it.
 */
@Injectable()
export class QualityCommands implements OnModuleDestroy {
  private readonly closing = new AbortController();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: ProjectionCheckpoints,
  ) {}

  onModuleDestroy(): void {
    this.closing.abort();
  }

  async scorecards(tenantId: string): Promise<ScorecardsState> {
    const { state } = await aggregateStream(
      this.store,
      scorecardsStream(tenantId),
      scorecardsDecider,
      codec<ScorecardEvent>(),
    );
    return state;
  }

  async changeScorecards(command: ScorecardCommand, actor: Actor): Promise<Scorecard> {
    const result = await handleCommand(
      this.store,
      scorecardsStream(command.data.tenantId),
      scorecardsDecider,
      codec<ScorecardEvent>(),
      command,
      context(actor),
    );
    return result.newState.get(command.data.scorecardId)!;
  }

  async score(
    tenantId: string,
    conversationId: string,
    scorecardId: string,
    marks: Marks,
    actor: Actor,
  ): Promise<ScoreOutcome> {
    const conversation = await this.endedConversation(tenantId, conversationId);
    const scorecard = (await this.scorecards(tenantId)).get(scorecardId);
    if (!scorecard) throw new AppError('not_found', `no scorecard ${scorecardId}`);
    const result = await handleCommand(
      this.store,
      reviewsStream(conversationId),
      reviewsDecider,
      codec<ReviewEvent>(),
      {
        type: 'ScoreConversation',
        data: { conversation, scorecard, reviewerId: actor.userId, marks },
      },
      context(actor),
    );
    const reviewId = reviewIdOf(conversationId, scorecardId, actor.userId);
    const latest = result.newState.get(reviewId)!;
    if (result.globalPosition !== undefined)
      await readModelReached(
        this.checkpoints,
        QC_REVIEWS,
        result.globalPosition,
        this.closing.signal,
      );
    return {
      reviewId,
      percent: latest.percent,
      round: latest.round,
      recorded: result.newEvents.length > 0,
    };
  }

  /** Another tenant's or an unknown conversation answers 404 alike; one still going cannot be judged yet. */
  private async endedConversation(
    tenantId: string,
    conversationId: string,
  ): Promise<ReviewedConversation> {
    let stored: RecordedEvent[];
    try {
      stored = await this.store.readStream(conversationStream(conversationId));
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        throw new AppError('not_found', `no conversation ${conversationId}`);
      throw error;
    }
    const agentIds: string[] = [];
    let state: ConversationState = conversationDecider.initialState();
    for (const recorded of stored) {
      const event = conversationEventCodec.decode(recorded);
      if (event.type === 'AgentAssigned' && !agentIds.includes(event.data.agentId))
        agentIds.push(event.data.agentId);
      state = conversationDecider.evolve(state, event);
    }
    if (state.status === 'empty' || state.tenantId !== tenantId)
      throw new AppError('not_found', `no conversation ${conversationId}`);
    if (state.status !== 'ended')
      throw new AppError(
        'conflict',
        `conversation ${conversationId} is still ${state.status}: only ended conversations can be scored`,
      );
    return {
      conversationId,
      tenantId,
      pageId: state.pageId,
      agentIds,
      endedAt: state.end.at,
    };
  }
}
