import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AgentReaction } from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { ConversationStates } from '../../conversations/conversation-states';
import {
  ExecuteConversationCommand,
  type ConversationCommandResult,
} from '../../conversations/execute-conversation-command';
import { sendingPage } from '../page-sending';

export interface SendAgentReactionInput {
  readonly conversationId: string;
  /** The authenticated agent; only the one assigned may react. */
  readonly agentId: string;
  /** The customer message's mid. */
  readonly mid: string;
  /** Null takes the agent's reaction back. */
  readonly reaction: AgentReaction | null;
}

/**
 * An agent's reaction enters the outbox: judged by the aggregate (assigned agent, live
 * conversation, a customer message of this conversation, a known reaction), recorded, and sent
 * afterwards by the outbox like a message. Answers the reaction's id, or null when the message
 * already carried that reaction (nothing recorded).
 */
@Injectable()
export class SendAgentReaction {
  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
  ) {}

  async execute(input: SendAgentReactionInput): Promise<{ reactionId: string | null }> {
    const conversation = await this.conversations.load(input.conversationId);
    sendingPage(this.directory, conversation.pageId);
    const now = new Date().toISOString();
    const requestId = randomUUID();
    const result: ConversationCommandResult = await this.commands.execute(
      new ExecuteConversationCommand(
        input.conversationId,
        {
          type: 'RequestAgentReaction',
          data: { agentId: input.agentId, mid: input.mid, reaction: input.reaction },
          metadata: { now },
        },
        { correlationId: requestId, causationId: requestId, actor: input.agentId, now },
      ),
    );
    const [requested] = result.newEvents;
    return {
      reactionId: requested?.type === 'AgentReactionRequested' ? requested.data.reactionId : null,
    };
  }
}
