import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ConversationHistory, SupervisorMessageSent } from '@pagedesk/contracts';
import type { ConversationCommand } from '@pagedesk/conversation';
import {
  auditLineOf,
  EVENT_STORE,
  StreamNotFoundError,
  type EventStore,
} from '@pagedesk/event-store';
import { ConversationList } from '@pagedesk/read-models';
import { AppError } from '@pagedesk/shared';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { ContractResponse } from '../auth/contract-response';
import { CurrentUser, Roles } from '../auth/decorators';
import { conversationStream } from '../conversations/conversation-stream';
import { ExecuteConversationCommand } from '../conversations/execute-conversation-command';
import { AGENT_DIRECTORY, type AgentDirectory } from '../tenants/agent-directory.port';
import { assertVisible, tenantOf } from './conversation-access';
import { ConversationIdParams } from './conversations.dto';
import { SendAgentMessage } from '../outbound/send-agent-message/send-agent-message';
import {
  AssignConversationDto,
  SupervisorMessageDto,
  TransferToQueueDto,
} from './supervisor-actions.dto';

/**
 * What supervisors do to one conversation beyond reading it: see why it is in
 * its state (every event with actor, causation and correlation, as the CLI's
 * audit shows them), take it over (then answer and close it), or pass it on. Changes go through the
 * conversation's decider with the supervisor as the actor.
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api/conversations/:conversationId')
export class ConversationSupervisionController {
  constructor(
    private readonly list: ConversationList,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    private readonly sendMessage: SendAgentMessage,
  ) {}

  @Get('history')
  @ContractResponse(ConversationHistory)
  @ApiNotFoundResponse({ description: 'unknown or in another tenant' })
  async history(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
  ): Promise<ConversationHistory> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    try {
      const events = await this.store.readStream(conversationStream(conversationId));
      return { conversationId, events: events.map(auditLineOf) };
    } catch (error) {
      if (error instanceof StreamNotFoundError)
        throw new AppError('not_found', `no conversation ${conversationId}`);
      throw error;
    }
  }

  /** To a colleague, or to the caller (take over); the previous agent loses it. */
  @Post('assign')
  @HttpCode(204)
  @ApiNoContentResponse()
  async assign(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Body() { agentId }: AssignConversationDto,
    @Req() request: Request,
  ): Promise<void> {
    const tenantId = tenantOf(user);
    assertVisible(user, conversationId, await this.list.get(tenantId, conversationId));
    const agent = this.directory.findUser(agentId);
    if (!agent || agent.tenantId !== tenantId || agent.disabled)
      throw new AppError('invalid', 'agentId: no active user of this tenant');
    await this.run(conversationId, user, request, {
      type: 'AssignAgent',
      data: { agentId, assignedBy: user.userId },
    });
  }

  /** Back to a queue, from whichever agent has it now. */
  @Post('transfer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async transfer(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Body() { queue }: TransferToQueueDto,
    @Req() request: Request,
  ): Promise<void> {
    const summary = await this.list.get(tenantOf(user), conversationId);
    assertVisible(user, conversationId, summary);
    if (summary!.status !== 'assigned' || !summary!.agentId)
      throw new AppError('conflict', 'only a conversation an agent has can be transferred');
    await this.run(conversationId, user, request, {
      type: 'TransferConversation',
      data: { agentId: summary!.agentId, to: { kind: 'queue', queue }, note: null },
    });
  }

  /** A supervisor who took the conversation over answers from the supervision view. */
  @Post('messages')
  @ContractResponse(SupervisorMessageSent, {
    status: HttpStatus.CREATED,
    description: 'recorded in the outbox, delivered after',
  })
  async message(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Body() body: SupervisorMessageDto,
  ): Promise<SupervisorMessageSent> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    return this.sendMessage.execute({ conversationId, agentId: user.userId, ...body });
  }

  /** Ends a conversation the supervisor holds (after taking it over), as an agent would. */
  @Post('close')
  @HttpCode(204)
  @ApiNoContentResponse()
  async close(
    @CurrentUser() user: AuthUser,
    @Param() { conversationId }: ConversationIdParams,
    @Req() request: Request,
  ): Promise<void> {
    assertVisible(user, conversationId, await this.list.get(tenantOf(user), conversationId));
    await this.run(conversationId, user, request, {
      type: 'CloseConversation',
      data: { agentId: user.userId },
    });
  }

  private async run(
    conversationId: string,
    user: AuthUser,
    request: Request & { id?: unknown },
    command: Omit<ConversationCommand, 'metadata'>,
  ): Promise<void> {
    const now = new Date().toISOString();
    const causationId = randomUUID();
    await this.commands.execute(
      new ExecuteConversationCommand(
        conversationId,
        { ...command, metadata: { now } } as ConversationCommand,
        {
          correlationId: request.id === undefined ? causationId : String(request.id),
          causationId,
          actor: user.userId,
          now,
        },
      ),
    );
  }
}
