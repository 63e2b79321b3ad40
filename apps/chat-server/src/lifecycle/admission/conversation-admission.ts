import { Injectable } from '@nestjs/common';
import { isConversationError, type ConversationCommand } from '@pagedesk/conversation';
import type { PageIntegration } from '@pagedesk/integrations';
import { arrivalAt } from '@pagedesk/lifecycle';
import { deterministicUuid } from '@pagedesk/shared';
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
  constructor(private readonly pages: PageStore) {}

  /** The commands to run right after StartConversation, in the same batch. */
  commandsFor(
    page: PageIntegration,
    conversationId: string,
    customerAt: number,
    now: string,
  ): ConversationCommand[] {
    const arrival = arrivalAt(this.pages.page(page.pageId)?.settings ?? null, customerAt);
    const metadata = { now };
    const offline = page.automaticMessages.offline;
    const commands: ConversationCommand[] = [];
    if (!arrival.withinHours && offline !== null) {
      commands.push({
        type: 'RequestAutomaticMessage',
        data: {
          messageId: deterministicUuid(`automatic-message|${conversationId}|offline|`),
          trigger: 'offline',
          content: { kind: 'text', text: offline, quickReplies: [] },
        },
        metadata,
      });
    }
    if (arrival.offerToAgents)
      commands.push({ type: 'QueueConversation', data: { queue: page.queueId }, metadata });
    return commands;
  }
}

/** A customer writing long after the fact is outside Messenger's window: the offline message is skipped, nothing else. */
export const toleratedOnArrival = (error: unknown): boolean =>
  isConversationError(error) && error.reason === 'outside_messaging_window';
