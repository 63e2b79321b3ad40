import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  conversationDecider,
  conversationEventCodec,
  type ConversationCommand,
} from '@pagedesk/conversation';
import {
  EVENT_STORE,
  handleCommands,
  type CommandContext,
  type EventStore,
} from '@pagedesk/event-store';
import { conversationStream } from './conversation-stream';
import { ConversationStates } from './conversation-states';
import type { ConversationCommandResult } from './execute-conversation-command';

/**
 * Commands that belong together (start, admit, first message) decided in
 * order and appended at once: one write instead of one per command, and
 * nobody ever sees a started conversation without its first message.
 */
export class ExecuteConversationCommands extends Command<ConversationCommandResult> {
  constructor(
    readonly conversationId: string,
    readonly commands: readonly ConversationCommand[],
    readonly context: CommandContext,
    /** Rejections that skip their command instead of failing the batch. */
    readonly tolerate: (error: unknown) => boolean = () => false,
  ) {
    super();
  }
}

@CommandHandler(ExecuteConversationCommands)
export class ExecuteConversationCommandsHandler implements ICommandHandler<ExecuteConversationCommands> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly conversations: ConversationStates,
  ) {}

  execute({
    conversationId,
    commands,
    context,
    tolerate,
  }: ExecuteConversationCommands): Promise<ConversationCommandResult> {
    return handleCommands(
      this.store,
      conversationStream(conversationId),
      conversationDecider,
      conversationEventCodec,
      commands,
      context,
      { tolerate, cache: this.conversations.cache },
    );
  }
}
