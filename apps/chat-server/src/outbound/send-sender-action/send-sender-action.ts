import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConversationError } from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { GraphApiClient, GraphApiError } from '@pagedesk/messenger';
import { classifySendFailure, senderActionBody, type SenderAction } from '@pagedesk/outbound';
import { AppError } from '@pagedesk/shared';
import { sendingPage } from '../page-sending';
import { ConversationStates } from '../../conversations/conversation-states';

const SENDER_ACTIONS: readonly SenderAction[] = ['typing_on', 'typing_off', 'mark_seen'];

export interface SendSenderActionInput {
  readonly conversationId: string;
  readonly agentId: string;
  readonly action: SenderAction;
}

/**
 * Typing indicators and "seen": momentary, so not events and not retried.
 * Checked like a message (assigned agent, live conversation, usable token),
 * then sent without waiting; a failure is only logged, except an invalid
 * token, which the page directory must learn about.
 */
@Injectable()
export class SendSenderAction {
  private readonly logger = new Logger(SendSenderAction.name);

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly graph: GraphApiClient,
  ) {}

  async execute({ conversationId, agentId, action }: SendSenderActionInput): Promise<void> {
    if (!SENDER_ACTIONS.includes(action)) {
      throw new AppError('invalid', `action must be one of ${SENDER_ACTIONS.join(', ')}`);
    }
    const conversation = await this.conversations.load(conversationId);
    if (conversation.status !== 'assigned' || conversation.agentId !== agentId) {
      throw new ConversationError('not_assigned_agent', 'only the assigned agent may do this', {
        agentId,
      });
    }
    const page = sendingPage(this.directory, conversation.pageId);
    this.graph
      .request({
        method: 'POST',
        path: '/me/messages',
        accessToken: page.accessToken,
        body: senderActionBody(conversation.customer, action),
      })
      .catch((error: unknown) => this.failed(page.pageId, action, error));
  }

  private async failed(pageId: string, action: SenderAction, error: unknown): Promise<void> {
    if (!(error instanceof GraphApiError)) {
      this.logger.error({ pageId, action, err: error }, 'sender action failed');
      return;
    }
    const failure = classifySendFailure(error);
    this.logger.warn(
      { pageId, action, code: error.code, subcode: error.subcode, reason: failure.reason },
      'sender action refused',
    );
    if (failure.permanent && failure.effect === 'token_invalid') {
      await this.directory.markTokenInvalid(pageId, failure.reason);
    }
  }
}
