import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandBus } from '@nestjs/cqrs';
import { baseMimeType, judgeUpload } from '@pagedesk/contracts';
import type { UploadedFile } from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { AppError } from '@pagedesk/shared';
import type { Env } from '../../config/env';
import { ConversationStates } from '../../conversations/conversation-states';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { sendingPage } from '../page-sending';
import { agentMessageId } from '../send-agent-message/send-agent-message';
import { BlobStore } from './blob-store';

/** The parts of multer's file this needs: bytes, the browser's name and type (untrusted). */
export interface ReceivedFile {
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}

export interface SendAgentUploadInput {
  readonly conversationId: string;
  readonly agentId: string;
  readonly clientMessageId: string;
  readonly file: ReceivedFile | undefined;
}

/**
 * An agent's file enters the outbox: judged by the same rule the desk used (the browser's check
 * is a courtesy), stored by its sha256, then recorded as the agent's message. Only after the
 * record does the endpoint answer, so an acknowledged upload survives a crash; the outbox
 * uploads it to Facebook and sends it from the log.
 */
@Injectable()
export class SendAgentUpload {
  private readonly maxBytes: number;

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
    private readonly blobs: BlobStore,
    config: ConfigService<Env, true>,
  ) {
    this.maxBytes = config.get('UPLOAD_MAX_BYTES');
  }

  async execute(input: SendAgentUploadInput): Promise<{ messageId: string; blob: string }> {
    const { file } = input;
    if (file === undefined) throw new AppError('invalid', 'file: a file is required');
    const verdict = judgeUpload({ mimeType: file.mimetype, size: file.size }, this.maxBytes);
    if (!verdict.ok)
      throw new AppError(verdict.code, verdict.message, { reason: 'upload_refused' });
    const conversation = await this.conversations.load(input.conversationId);
    const page = sendingPage(this.directory, conversation.pageId);
    const blob = await this.blobs.put(file.buffer);
    const upload: UploadedFile = {
      type: verdict.type,
      blob,
      name: safeName(file.originalname),
      mimeType: baseMimeType(file.mimetype),
      size: file.size,
    };
    const messageId = agentMessageId(input.conversationId, input.clientMessageId);
    const now = new Date().toISOString();
    await this.commands.execute(
      new ExecuteConversationCommand(
        input.conversationId,
        {
          type: 'RequestAgentMessage',
          data: {
            messageId,
            clientMessageId: input.clientMessageId,
            agentId: input.agentId,
            content: { kind: 'upload', upload, quickReplies: [] },
            humanAgentTagAllowed: page.humanAgentTagging,
          },
          metadata: { now },
        },
        { correlationId: randomUUID(), causationId: messageId, actor: input.agentId, now },
      ),
    );
    return { messageId, blob };
  }
}

/** The last path segment, without control characters, at most 200 characters: shown, never used as a path. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 200) || 'file';
}
