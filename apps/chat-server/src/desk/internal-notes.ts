import { Injectable } from '@nestjs/common';
import { ConversationCommands } from '../routing/agent-commands';

/** Notes for colleagues, from the agent's socket and the supervisors' REST alike: one command, the author as the actor. */
@Injectable()
export class InternalNotes {
  constructor(private readonly commands: ConversationCommands) {}

  async add(conversationId: string, authorId: string, noteId: string, text: string): Promise<void> {
    await this.commands.run(
      conversationId,
      'AddInternalNote',
      { noteId, authorId, text },
      authorId,
      `note:${authorId}:${noteId}`,
    );
  }
}
