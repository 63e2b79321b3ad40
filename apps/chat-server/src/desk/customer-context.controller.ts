import { Controller, Get, Inject, Param, type OnModuleDestroy } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CustomerContextView, Transcript as TranscriptSchema } from '@pagedesk/contracts';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { ProjectionCheckpoints } from '@pagedesk/processing';
import { CUSTOMERS, Customers, Transcripts, type Transcript } from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { Router } from '../routing/router';
import { readModelReached } from '../supervision-live/read-model-reached';
import { ConversationIdParams } from '../supervision/conversations.dto';
import { tenantOf } from '../tenants/actor';
import { assertCustomerVisible } from './customer-access';
import { PreviousTranscriptParams } from './customer-context.dto';

const missing = (conversationId: string) =>
  new AppError('not_found', `no conversation ${conversationId}`);

/** The desk's customer panel: who the customer is and their earlier conversations, read-only. */
@ApiTags('desk')
@ApiBearerAuth()
@Roles('agent', 'supervisor', 'admin')
@Controller('api/desk/conversations/:conversationId/customer')
export class CustomerContextController implements OnModuleDestroy {
  private readonly closing = new AbortController();

  constructor(
    private readonly customers: Customers,
    private readonly transcripts: Transcripts,
    private readonly router: Router,
    private readonly checkpoints: ProjectionCheckpoints,
    @Inject(PAGE_DIRECTORY) private readonly pages: PageDirectory,
  ) {}

  onModuleDestroy(): void {
    this.closing.abort();
  }

  @Get()
  @ContractResponse(CustomerContextView)
  @ApiNotFoundResponse({
    description: 'unknown, in another tenant, or (for agents) neither offered to nor held by them',
  })
  async context(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
  ): Promise<CustomerContextView> {
    const found = await this.visibleContext(user, conversationId);
    return {
      conversationId,
      pageId: found.pageId,
      pageName: this.pages.findPage(found.pageId)?.name ?? null,
      customer: {
        kind: found.identity.kind,
        id: found.identity.id,
        name: found.name,
        pictureUrl: found.pictureUrl,
      },
      channel: found.channel,
      contacts: [...found.contacts],
      referrals: [...found.referrals],
      previousConversations: [...found.previousConversations],
    };
  }

  @Get('conversations/:previousConversationId/transcript')
  @ContractResponse(TranscriptSchema, {
    description: 'an earlier conversation of the same customer, read-only',
  })
  @ApiNotFoundResponse({
    description: 'not an earlier conversation of this customer, or not visible',
  })
  async previous(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId, previousConversationId }: PreviousTranscriptParams,
  ): Promise<Transcript> {
    const found = await this.visibleContext(user, conversationId);
    if (!found.previousConversations.some((c) => c.conversationId === previousConversationId))
      throw missing(previousConversationId);
    const transcript = await this.transcripts.get(tenantOf(user), previousConversationId);
    if (!transcript) throw missing(previousConversationId);
    return transcript;
  }

  private async visibleContext(user: AuthUser, conversationId: string) {
    const tenantId = tenantOf(user);
    const live = this.router.book.conversation(conversationId);
    assertCustomerVisible(user, conversationId, live, (c) => this.router.offeredTo(user, c));
    // The routing book may be ahead of the read model: wait (briefly) for what it has seen.
    if (live)
      await readModelReached(this.checkpoints, CUSTOMERS, live.position, this.closing.signal);
    const found = await this.customers.ofConversation(tenantId, conversationId);
    if (!found) throw missing(conversationId);
    return found;
  }
}
