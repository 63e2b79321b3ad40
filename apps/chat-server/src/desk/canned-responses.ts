import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CannedResponse } from '@pagedesk/contracts';
import {
  aggregateStream,
  EVENT_STORE,
  handleCommand,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { toAgentMessageContent } from '@pagedesk/outbound';
import { AppError } from '@pagedesk/shared';
import {
  cannedResponsesDecider,
  cannedResponsesFor,
  cannedResponsesStream,
  type CannedResponseCommand,
  type CannedResponseEvent,
  type CannedResponseFields,
  type CannedResponsesState,
} from '@pagedesk/tenancy';
import { context, type Actor } from '../tenants/tenant-commands';
import { TenantDirectory } from '../tenants/tenant-directory';
import type { CannedResponseDto } from './canned-responses.dto';

const codec = {
  decode: (e: RecordedEvent) => ({ type: e.type, data: e.data }) as unknown as CannedResponseEvent,
};

/** A tenant's canned responses, read from and changed on their own stream (docs/canned-responses.md). */
@Injectable()
export class CannedResponses {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: TenantDirectory,
  ) {}

  async list(tenantId: string, queueId?: string): Promise<CannedResponse[]> {
    const { state } = await aggregateStream(
      this.store,
      cannedResponsesStream(tenantId),
      cannedResponsesDecider,
      codec,
    );
    return cannedResponsesFor(state.responses, queueId);
  }

  async create(tenantId: string, body: CannedResponseDto, actor: Actor): Promise<CannedResponse> {
    const cannedResponseId = randomUUID();
    const data = { tenantId, cannedResponseId, ...this.fields(tenantId, body) };
    return saved(
      await this.run(tenantId, { type: 'CreateCannedResponse', data }, actor),
      cannedResponseId,
    );
  }

  async update(
    tenantId: string,
    cannedResponseId: string,
    body: CannedResponseDto,
    actor: Actor,
  ): Promise<CannedResponse> {
    const data = { tenantId, cannedResponseId, ...this.fields(tenantId, body) };
    return saved(
      await this.run(tenantId, { type: 'UpdateCannedResponse', data }, actor),
      cannedResponseId,
    );
  }

  async delete(tenantId: string, cannedResponseId: string, actor: Actor): Promise<void> {
    await this.run(
      tenantId,
      { type: 'DeleteCannedResponse', data: { tenantId, cannedResponseId } },
      actor,
    );
  }

  private fields(tenantId: string, body: CannedResponseDto): CannedResponseFields {
    const queueId = body.queueId ?? null;
    if (queueId !== null && !this.directory.queueRecord(tenantId, queueId))
      throw new AppError('invalid', `queueId: ${queueId} is not a queue of this tenant`);
    const content = toAgentMessageContent(body.content);
    return { shortcut: body.shortcut, title: body.title, content, queueId };
  }

  private async run(
    tenantId: string,
    command: CannedResponseCommand,
    actor: Actor,
  ): Promise<CannedResponsesState> {
    const { newState } = await handleCommand(
      this.store,
      cannedResponsesStream(tenantId),
      cannedResponsesDecider,
      codec,
      command,
      context(actor),
    );
    return newState;
  }
}

const saved = (state: CannedResponsesState, cannedResponseId: string): CannedResponse =>
  state.responses.find((r) => r.cannedResponseId === cannedResponseId)!;
