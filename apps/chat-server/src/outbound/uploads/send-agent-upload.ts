import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandBus } from '@nestjs/cqrs';
import {
  judgeUpload,
  judgeUploadContent,
  sniffMediaType,
  type UploadType,
} from '@pagedesk/contracts';
import {
  conversationDecider,
  type ConversationCommand,
  type UploadedFile,
} from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { AppError } from '@pagedesk/shared';
import type { Env } from '../../config/env';
import { ConversationStates } from '../../conversations/conversation-states';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { sendingPage } from '../page-sending';
import { agentMessageId } from '../send-agent-message/send-agent-message';
import { BlobStore, blobName } from './blob-store';

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
 * is a courtesy) and by its bytes, decided, stored by its sha256, then recorded as the agent's
 * message. Only after the
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
    const judged = judgeUpload({ mimeType: file.mimetype, size: file.size }, this.maxBytes);
    if (!judged.ok) throw new AppError(judged.code, judged.message, { reason: 'upload_refused' });
    const verdict = judgeUploadContent(file.mimetype, sniffMediaType(file.buffer));
    if (!verdict.ok)
      throw new AppError(verdict.code, verdict.message, { reason: 'upload_refused' });
    const conversation = await this.conversations.load(input.conversationId);
    const page = sendingPage(this.directory, conversation.pageId);
    const messageId = agentMessageId(input.conversationId, input.clientMessageId);
    const blob = blobName(file.buffer);
    const now = new Date().toISOString();
    const command: ConversationCommand = {
      type: 'RequestAgentMessage',
      data: {
        messageId,
        clientMessageId: input.clientMessageId,
        agentId: input.agentId,
        content: { kind: 'upload', upload: this.uploaded(file, blob, verdict), quickReplies: [] },
        humanAgentTagAllowed: page.humanAgentTagging,
      },
      metadata: { now },
    };
    // Decided before anything is written: a refusal (not the assigned agent, outside the
    // window, ended) leaves no blob behind. The decider is pure, so this is the same verdict
    // the append will reach unless the conversation changes in between.
    conversationDecider.decide(command, conversation);
    await this.blobs.put(file.buffer);
    await this.commands.execute(
      new ExecuteConversationCommand(input.conversationId, command, {
        correlationId: randomUUID(),
        causationId: messageId,
        actor: input.agentId,
        now,
      }),
    );
    return { messageId, blob };
  }

  private uploaded(
    file: ReceivedFile,
    blob: string,
    verdict: { type: UploadType; mimeType: string },
  ): UploadedFile {
    const { type, mimeType } = verdict;
    return { type, blob, name: safeName(file.originalname), mimeType, size: file.size };
  }
}

/** The last path segment, without control characters, at most 200 characters: shown, never used as a path. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 200) || 'file';
}
