import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  isConversationError,
  type AutomaticTrigger,
  type CustomerMessageReceived,
} from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { deterministicUuid } from '@pagedesk/shared';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { conversationIdOf } from '../conversation-state';
import { ConversationStates } from '../../conversations/conversation-states';

/** Reasons the conversation gives for "not now": normal races, logged and skipped. */
const SKIPPED = new Set(['outside_messaging_window', 'already_ended', 'not_closed_by_agent']);

/** A customer message with neither text nor anything we can show (Facebook's `unsupported`). */
function notHandled(data: CustomerMessageReceived['data']): boolean {
  return (
    data.text === null && data.attachments.every((attachment) => attachment.type === 'unsupported')
  );
}

function triggerOf(event: RecordedEvent): { trigger: AutomaticTrigger; key: string } | undefined {
  switch (event.type) {
    case 'ConversationStarted':
      return { trigger: 'opening', key: '' };
    case 'ConversationClosedByAgent':
      return { trigger: 'closing', key: '' };
    case 'CustomerMessageReceived': {
      const data = event.data as unknown as CustomerMessageReceived['data'];
      return notHandled(data) ? { trigger: 'error', key: data.mid } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The page's opening, closing and error messages, put into the same outbox
 * as agents' messages (so they keep their place in the order) but never
 * tagged HUMAN_AGENT. Ids derive from the conversation and the cause, so a
 * replayed event asks for the same message and the conversation absorbs it.
 */
@Injectable()
export class AutomaticMessages {
  private readonly logger = new Logger(AutomaticMessages.name);

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
  ) {}

  /** The events triggerOf looks at; the store leaves every other one out. */
  static readonly FILTER: EventFilter = {
    types: ['ConversationStarted', 'ConversationClosedByAgent', 'CustomerMessageReceived'],
    categories: ['conversation'],
  };

  accepts(event: RecordedEvent): boolean {
    return triggerOf(event) !== undefined;
  }

  async handle(event: RecordedEvent): Promise<void> {
    const cause = triggerOf(event);
    if (cause === undefined) return;
    const conversationId = conversationIdOf(event.streamName);
    const { pageId } = await this.conversations.load(conversationId);
    const text = this.directory.findPage(pageId)?.automaticMessages[cause.trigger] ?? null;
    if (text === null) return;
    const messageId = deterministicUuid(
      `automatic-message|${conversationId}|${cause.trigger}|${cause.key}`,
    );
    const now = event.metadata.recordedAt;
    try {
      await this.commands.execute(
        new ExecuteConversationCommand(
          conversationId,
          {
            type: 'RequestAutomaticMessage',
            data: {
              messageId,
              trigger: cause.trigger,
              content: { kind: 'text', text, quickReplies: [] },
            },
            metadata: { now },
          },
          {
            correlationId: event.metadata.correlationId,
            causationId: messageId,
            actor: 'system',
            now,
          },
        ),
      );
    } catch (error) {
      if (!isConversationError(error) || !SKIPPED.has(error.reason)) throw error;
      this.logger.debug(
        { conversationId, trigger: cause.trigger, reason: error.reason },
        'skipped',
      );
    }
  }
}
