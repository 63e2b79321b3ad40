import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { AgentMessageDto, toAgentMessageContent } from '@pagedesk/outbound';
import { deterministicUuid } from '@pagedesk/shared';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { appValidationPipe } from '../../errors/validation.pipe';
import { sendingPage } from '../page-sending';
import { ConversationStates } from '../../conversations/conversation-states';

export interface SendAgentMessageInput {
  readonly conversationId: string;
  /** The authenticated agent; only the one assigned may send. */
  readonly agentId: string;
  /** The agent client's own id for the message: sending it again is absorbed, not doubled. */
  readonly clientMessageId: string;
  /** Untrusted: validated here, whatever edge it came from (see docs/outbound.md for the shape). */
  readonly content: unknown;
}

/** Same conversation and client id, same message id: a resend after a lost ack finds the first. */
export const agentMessageId = (conversationId: string, clientMessageId: string): string =>
  deterministicUuid(`agent-message|${conversationId}|${clientMessageId}`);

/**
 * An agent's message enters the outbox: validated, judged against Messenger's
 * window and the page's token, recorded, and acknowledged with its id. The
 * outbox sender delivers it afterwards; the outcome arrives as events.
 */
@Injectable()
export class SendAgentMessage {
  private readonly validation = appValidationPipe();

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
  ) {}

  async execute(input: SendAgentMessageInput): Promise<{ messageId: string }> {
    const dto = (await this.validation.transform(
      { clientMessageId: input.clientMessageId, content: input.content },
      { type: 'body', metatype: AgentMessageDto },
    )) as AgentMessageDto;
    const content = toAgentMessageContent(dto.content);
    const conversation = await this.conversations.load(input.conversationId);
    const page = sendingPage(this.directory, conversation.pageId);
    const messageId = agentMessageId(input.conversationId, dto.clientMessageId);
    const now = new Date().toISOString();
    await this.commands.execute(
      new ExecuteConversationCommand(
        input.conversationId,
        {
          type: 'RequestAgentMessage',
          data: {
            messageId,
            clientMessageId: dto.clientMessageId,
            agentId: input.agentId,
            content,
            humanAgentTagAllowed: page.humanAgentTagging,
          },
          metadata: { now },
        },
        { correlationId: randomUUID(), causationId: messageId, actor: input.agentId, now },
      ),
    );
    return { messageId };
  }
}
