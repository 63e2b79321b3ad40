import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AttachmentAccepted, UPLOAD_TYPES, UploadLimits } from '@pagedesk/contracts';
import { ConversationList } from '@pagedesk/read-models';
import type { AuthUser } from '../../auth/auth-user';
import { ContractResponse } from '../../auth/contract-response';
import { CurrentUser, Roles } from '../../auth/decorators';
import type { Env } from '../../config/env';
import { assertVisible, tenantOf } from '../../supervision/conversation-access';
import { ConversationIdParams } from '../../supervision/conversations.dto';
import { AttachmentUploadDto } from './attachments.dto';
import { SendAgentUpload, type ReceivedFile } from './send-agent-upload';

/** The assigned agent uploads a file to send (docs/blob-store.md); everything else about it comes over the socket. */
@ApiTags('conversations')
@ApiBearerAuth()
@Roles('agent')
@Controller('api/conversations/:conversationId/attachments')
export class AttachmentsController {
  constructor(
    private readonly list: ConversationList,
    private readonly uploads: SendAgentUpload,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['clientMessageId', 'file'],
      properties: {
        clientMessageId: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description: "the desk's own id for the message: the same upload again records nothing",
        },
        file: { type: 'string', format: 'binary', description: 'see GET /api/desk/upload-limits' },
      },
    },
  })
  @ContractResponse(AttachmentAccepted, {
    description: 'stored and recorded as the agent’s message; the outbox sends it next',
  })
  @ApiNotFoundResponse({ description: 'unknown, in another tenant, or not one of yours' })
  @ApiPayloadTooLargeResponse({ description: '`too_large`: over UPLOAD_MAX_BYTES' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Body() { clientMessageId }: AttachmentUploadDto,
    @UploadedFile() file: ReceivedFile | undefined,
  ): Promise<AttachmentAccepted> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    const { messageId, blob } = await this.uploads.execute({
      conversationId,
      agentId: user.userId,
      clientMessageId,
      file,
    });
    return { conversationId, messageId, blob };
  }
}

@ApiTags('desk')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin')
@Controller('api/desk/upload-limits')
export class UploadLimitsController {
  private readonly maxBytes: number;

  constructor(config: ConfigService<Env, true>) {
    this.maxBytes = config.get('UPLOAD_MAX_BYTES');
  }

  @Get()
  @ContractResponse(UploadLimits)
  limits(): UploadLimits {
    return {
      maxBytes: this.maxBytes,
      types: {
        image: [...UPLOAD_TYPES.image],
        video: [...UPLOAD_TYPES.video],
        audio: [...UPLOAD_TYPES.audio],
        file: [...UPLOAD_TYPES.file],
      },
    };
  }
}
