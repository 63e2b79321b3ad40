import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isConversationError, type ConversationCommand } from '@pagedesk/conversation';
import type { CommandContext } from '@pagedesk/event-store';
import type { PageIntegration } from '@pagedesk/integrations';
import { arrivalAt } from '@pagedesk/lifecycle';
import { deterministicUuid } from '@pagedesk/shared';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { PageStore } from '../../pages/page-store';

/**
 * What follows the start of a conversation: offered to agents, or, outside
 * the page's working hours, the offline message and (unless the page queues
 * anyway) no queue. Judged at the customer's own time, so re-processing a
 * delivery after a crash decides the same; the offline message's id derives
 * from the conversation, so it is recorded at most once.
 */
@Injectable()
export class ConversationAdmission {
  private readonly logger = new Logger(ConversationAdmission.name);

  constructor(
    private readonly pages: PageStore,
    private readonly commands: CommandBus,
  ) {}

  async admit(
    page: PageIntegration,
    conversationId: string,
    customerAt: number,
    context: CommandContext,
  ): Promise<void> {
    const arrival = arrivalAt(this.pages.page(page.pageId)?.settings ?? null, customerAt);
    const metadata = { now: context.now };
    const offline = page.automaticMessages.offline;
    if (!arrival.withinHours && offline !== null) {
      const messageId = deterministicUuid(`automatic-message|${conversationId}|offline|`);
      await this.execute(
        conversationId,
        {
          type: 'RequestAutomaticMessage',
          data: {
            messageId,
            trigger: 'offline',
            content: { kind: 'text', text: offline, quickReplies: [] },
          },
          metadata,
        },
        { ...context, causationId: messageId },
      );
    }
    if (arrival.offerToAgents) {
      await this.execute(
        conversationId,
        { type: 'QueueConversation', data: { queue: page.queueId }, metadata },
        context,
      );
    }
  }

  /** A customer writing long after the fact is outside Messenger's window: no offline message, nothing else lost. */
  private async execute(
    conversationId: string,
    command: ConversationCommand,
    context: CommandContext,
  ): Promise<void> {
    try {
      await this.commands.execute(new ExecuteConversationCommand(conversationId, command, context));
    } catch (error) {
      if (!isConversationError(error) || error.reason !== 'outside_messaging_window') throw error;
      this.logger.debug({ conversationId, command: command.type, reason: error.reason }, 'skipped');
    }
  }
}
