import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConversationCommand } from '@pagedesk/conversation';
import { ExecuteConversationCommand } from '../../apps/chat-server/src/conversations/execute-conversation-command';
import { ReadModelProjections } from '../../apps/chat-server/src/read-models/read-model-projections';
import { settleAll } from './outbound';

/** Waits until the inbound and outbound reactors, then every read model, have handled everything stored so far. */
export async function settleReadModels(app: INestApplication): Promise<void> {
  await settleAll(app);
  await app.get(ReadModelProjections).settled();
}

/** What an agent's desktop would do, without the desktop: one conversation command at a given time. */
export function agentCommand(
  app: INestApplication,
  conversationId: string,
  actor: string,
  at: number,
  command: Omit<ConversationCommand, 'metadata'>,
) {
  const now = new Date(at).toISOString();
  const causationId = `${command.type}:${conversationId}:${at}`;
  return app
    .get(CommandBus)
    .execute(
      new ExecuteConversationCommand(
        conversationId,
        { ...command, metadata: { now } } as ConversationCommand,
        { correlationId: causationId, causationId, actor, now },
      ),
    );
}
