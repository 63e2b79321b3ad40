import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ConversationPage as ConversationPageSchema,
  Transcript as TranscriptSchema,
} from '@pagedesk/contracts';
import {
  ConversationList,
  decodeCursor,
  transcriptAsCsv,
  transcriptAsText,
  Transcripts,
  type ConversationPage,
  type Transcript,
} from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { agentFilterFor, assertVisible, tenantOf } from './conversation-access';
import { ConversationIdParams, ListConversationsQuery, TranscriptQuery } from './conversations.dto';

const DEFAULT_PAGE_SIZE = 50;

/** Conversations and transcripts for supervisors and quality control (agents: their own). */
@ApiTags('conversations')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'agent', 'qc')
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly list: ConversationList,
    private readonly transcripts: Transcripts,
  ) {}

  @Get()
  @ContractResponse(ConversationPageSchema)
  async conversations(
    @CurrentUser() user: AuthUser,
    @Query() query: ListConversationsQuery,
  ): Promise<ConversationPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) {
      throw new AppError('invalid', 'cursor must be a nextCursor returned by this API');
    }
    return await this.list.page({
      tenantId: tenantOf(user),
      status: query.status,
      agentId: agentFilterFor(user, query.agent),
      pageId: query.page,
      queue: query.queue,
      from: query.from === undefined ? undefined : Date.parse(query.from),
      to: query.to === undefined ? undefined : Date.parse(query.to),
      customer: query.customer,
      wrapUpTag: query.wrapUpTag,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      after,
    });
  }

  @Get(':conversationId/transcript')
  @ApiProduces('application/json', 'text/plain', 'text/csv')
  @ContractResponse(TranscriptSchema, {
    description: 'every message and system moment in order (JSON); `format=txt|csv` for text',
  })
  @ApiNotFoundResponse({ description: 'unknown, in another tenant, or (for agents) not theirs' })
  async transcript(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Query() { format = 'json' }: TranscriptQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Transcript | string> {
    const tenantId = tenantOf(user);
    assertVisible(user, conversationId, await this.list.get(tenantId, conversationId));
    const transcript = await this.transcripts.get(tenantId, conversationId);
    if (!transcript) throw new AppError('not_found', `no conversation ${conversationId}`);
    switch (format) {
      case 'json':
        return transcript;
      case 'txt':
        response.type('text/plain; charset=utf-8');
        return transcriptAsText(transcript);
      case 'csv':
        response.type('text/csv; charset=utf-8');
        response.attachment(`transcript-${conversationId}.csv`);
        return transcriptAsCsv(transcript);
      default:
        return format satisfies never;
    }
  }
}
