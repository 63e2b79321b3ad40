import { Body, Controller, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { NoteAdded } from '@pagedesk/contracts';
import { ConversationList } from '@pagedesk/read-models';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { assertVisible, tenantOf } from '../supervision/conversation-access';
import { ConversationIdParams } from '../supervision/conversations.dto';
import { InternalNotes } from './internal-notes';
import { AddNoteDto } from './notes.dto';

/** Supervisors write internal notes on any conversation of their tenant, live or ended; agents do it over the socket. */
@ApiTags('conversations')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api/conversations/:conversationId/notes')
export class NotesController {
  constructor(
    private readonly list: ConversationList,
    private readonly notes: InternalNotes,
  ) {}

  @Post()
  @ContractResponse(NoteAdded, { status: HttpStatus.CREATED })
  @ApiNotFoundResponse({ description: 'unknown or in another tenant' })
  async add(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Body() { noteId, text }: AddNoteDto,
  ): Promise<NoteAdded> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    await this.notes.add(conversationId, user.userId, noteId, text);
    return { conversationId, noteId };
  }
}
