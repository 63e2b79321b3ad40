import {
  handleCommand,
  streamIdPart,
  type CommandContext,
  type EventCodec,
  type EventStore,
} from '@pagedesk/event-store';
import {
  chatPluginVisitors,
  claimedBy,
  VISITOR_EVENT_TYPES,
  type UserRefVisitor,
  type VisitorCommand,
  type VisitorEvent,
} from '@pagedesk/identity';
import { AppError } from '@pagedesk/shared';

const codec: EventCodec<VisitorEvent> = {
  decode: (event) => {
    if (!(VISITOR_EVENT_TYPES as readonly string[]).includes(event.type))
      throw new AppError('invalid', `unknown Chat Plugin visitor event ${event.type}`);
    return { type: event.type, data: event.data } as unknown as VisitorEvent;
  },
};

/**
 * A page's Chat Plugin visitors known only by a user_ref, one stream per page:
 * the decision (which one a PSID continues) is the chatPluginVisitors decider;
 * here it is loaded, decided and appended with the revision that was read.
 */
export class ChatPluginVisitors {
  constructor(private readonly store: EventStore) {}

  async opened(
    pageId: string,
    userRef: string,
    conversationId: string,
    openedAt: number,
    context: CommandContext,
  ): Promise<void> {
    await this.handle(
      pageId,
      { type: 'RecordUserRefOpened', data: { userRef, conversationId, openedAt } },
      context,
    );
  }

  /** The open user_ref conversation this PSID continues, recording the claim; undefined when there is no single one. */
  async claim(
    pageId: string,
    psid: string,
    at: number,
    context: CommandContext,
  ): Promise<UserRefVisitor | undefined> {
    const state = await this.handle(
      pageId,
      { type: 'ClaimUserRefVisitor', data: { psid, at } },
      context,
    );
    return claimedBy(state, psid);
  }

  private async handle(pageId: string, command: VisitorCommand, context: CommandContext) {
    const stream = `chatplugin-${streamIdPart(pageId)}`;
    const result = await handleCommand(
      this.store,
      stream,
      chatPluginVisitors,
      codec,
      command,
      context,
    );
    return result.newState;
  }
}
