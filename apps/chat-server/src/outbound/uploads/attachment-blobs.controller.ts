import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ConversationList } from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ConversationStates } from '../../conversations/conversation-states';
import { assertVisible, tenantOf } from '../../supervision/conversation-access';
import { ConversationIdParams } from '../../supervision/conversations.dto';
import { BlobStore } from './blob-store';
import { servedBlob } from './served-blob';

export class AttachmentBlobParams extends ConversationIdParams {
  @Matches(/^[0-9a-f]{64}$/, { message: 'blob: the sha256 the upload answered' })
  blob!: string;
}

const BINARY = { schema: { type: 'string', format: 'binary' } };

/**
 * An uploaded file's bytes for whoever may read its conversation (its agents, the tenant's
 * supervisors, admins and quality control): the desk's preview after a reload, the transcript's.
 * Only a blob this conversation's messages refer to is served, so a sha256 learnt elsewhere
 * (another chat, another tenant) opens nothing.
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin', 'qc')
@Controller('api/conversations/:conversationId/attachments/:blob')
export class AttachmentBlobsController {
  constructor(
    private readonly list: ConversationList,
    private readonly conversations: ConversationStates,
    private readonly blobs: BlobStore,
  ) {}

  @Get()
  @ApiParam({ name: 'blob', description: 'the sha256 the upload answered' })
  @ApiOkResponse({
    description:
      'the bytes, as the type they really are; images `inline`, anything else `attachment`',
    content: {
      'image/*': BINARY,
      'video/*': BINARY,
      'audio/*': BINARY,
      'application/*': BINARY,
      'text/*': BINARY,
    },
  })
  @ApiBadRequestResponse({ description: '`invalid`: not a sha256' })
  @ApiNotFoundResponse({
    description: 'unknown, in another tenant, not yours, or not in this conversation',
  })
  @ApiGoneResponse({
    description: '`gone`: the file was in this conversation, its bytes are past their retention',
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId, blob }: AttachmentBlobParams,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    const conversation = await this.conversations.load(conversationId);
    const upload = [...conversation.outbound.values()]
      .map(({ content }) => (content.kind === 'upload' ? content.upload : null))
      .find((file) => file?.blob === blob);
    if (!upload) throw new AppError('not_found', `no file ${blob} in this conversation`);
    const bytes = await this.blobs.get(blob);
    // The message refers to it, so it was stored: its bytes were deleted past their retention.
    if (!bytes) throw new AppError('gone', `the file ${upload.name} is no longer stored`);
    const served = servedBlob(upload, bytes);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // A file is never a page of this origin: no scripts, no plugins, even if opened directly.
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes, {
      type: served.contentType,
      disposition: served.contentDisposition,
      length: bytes.length,
    });
  }
}
