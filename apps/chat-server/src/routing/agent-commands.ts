import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConversationCommand } from '@pagedesk/conversation';
import {
  ExecuteConversationCommand,
  type ConversationCommandResult,
} from '../conversations/execute-conversation-command';

/** Sends one conversation command on someone's behalf, with one clock reading for the whole of it. */
@Injectable()
export class ConversationCommands {
  constructor(private readonly bus: CommandBus) {}

  run<Type extends ConversationCommand['type']>(
    conversationId: string,
    type: Type,
    data: Extract<ConversationCommand, { type: Type }>['data'],
    actor: string,
    causationId: string = randomUUID(),
  ): Promise<ConversationCommandResult> {
    const now = new Date().toISOString();
    const command = { type, data, metadata: { now } } as ConversationCommand;
    return this.bus.execute(
      new ExecuteConversationCommand(conversationId, command, {
        correlationId: randomUUID(),
        causationId,
        actor,
        now,
      }),
    );
  }
}
