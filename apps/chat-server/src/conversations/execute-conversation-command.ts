import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  conversationDecider,
  conversationEventCodec,
  type ConversationCommand,
  type ConversationEvent,
  type ConversationState,
} from '@pagedesk/conversation';
import {
  EVENT_STORE,
  handleCommand,
  type CommandContext,
  type CommandResult,
  type EventStore,
} from '@pagedesk/event-store';
import { conversationStream } from './conversation-stream';
import { ConversationStates } from './conversation-states';

export type ConversationCommandResult = CommandResult<ConversationState, ConversationEvent>;

/** Every change to a conversation, from a webhook, an agent or the scheduler, goes through this one command. */
export class ExecuteConversationCommand extends Command<ConversationCommandResult> {
  constructor(
    readonly conversationId: string,
    readonly command: ConversationCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteConversationCommand)
export class ExecuteConversationCommandHandler implements ICommandHandler<ExecuteConversationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly conversations: ConversationStates,
  ) {}

  execute({
    conversationId,
    command,
    context,
  }: ExecuteConversationCommand): Promise<ConversationCommandResult> {
    return handleCommand(
      this.store,
      conversationStream(conversationId),
      conversationDecider,
      conversationEventCodec,
      command,
      context,
      { cache: this.conversations.cache },
    );
  }
}
