import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { WebhookAcknowledgement, WebhookChallenge } from '@pagedesk/contracts';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type MessengerApp, type PageDirectory } from '@pagedesk/integrations';
import { parseWebhookDelivery, signingSecret, type ParsedDelivery } from '@pagedesk/messenger';
import { AppError } from '@pagedesk/shared';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { ContractResponse } from '../auth/contract-response';
import { deliveryOrigin, namedPages } from './delivery-origin';
import { appendToInbox } from './inbox';
import { WEBHOOK_PATH } from './raw-webhook-body';

export class HandshakeQuery {
  @IsOptional() @IsString() @MaxLength(64) 'hub.mode'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.verify_token'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.challenge'?: string;
}

/**
 * `/webhooks/messenger` serves every app; `/webhooks/messenger/<appId>` only
 * that app: its verify tokens, deliveries for its pages (docs/tenants.md).
 */
@Controller(WEBHOOK_PATH)
export class MessengerWebhookController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
  ) {}

  @Get()
  @ApiProduces('text/plain')
  @ContractResponse(WebhookChallenge)
  handshake(@Query() query: HandshakeQuery, @Res() res: Response): void {
    this.answerHandshake(this.directory.apps(), query, res);
  }

  @Get(':appId')
  @ApiProduces('text/plain')
  @ContractResponse(WebhookChallenge)
  appHandshake(
    @Param('appId') appId: string,
    @Query() query: HandshakeQuery,
    @Res() res: Response,
  ): void {
    this.answerHandshake(this.appsWithId(appId), query, res);
  }

  /** 200 means "durably stored" (or deliberately ignored): Facebook does not redeliver what we acknowledged. */
  @Post()
  @HttpCode(200)
  @ApiProduces('text/plain')
  @ContractResponse(WebhookAcknowledgement)
  receive(@Req() req: Request): Promise<string> {
    return this.accept(req, this.directory.apps());
  }

  @Post(':appId')
  @HttpCode(200)
  @ApiProduces('text/plain')
  @ContractResponse(WebhookAcknowledgement)
  receiveForApp(@Param('appId') appId: string, @Req() req: Request): Promise<string> {
    return this.accept(req, this.appsWithId(appId), appId);
  }

  private appsWithId(appId: string): readonly MessengerApp[] {
    return this.directory.apps().filter((app) => app.id === appId);
  }

  /** Facebook's subscription handshake: echo the challenge only for a verify token of one of these apps. */
  private answerHandshake(apps: readonly MessengerApp[], query: HandshakeQuery, res: Response) {
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (
      query['hub.mode'] !== 'subscribe' ||
      !token ||
      !challenge ||
      !apps.some((app) => app.verifyToken === token)
    ) {
      throw new AppError('forbidden', 'verification failed');
    }
    res.status(200).type('text/plain').send(challenge);
  }

  private async accept(
    req: Request,
    apps: readonly MessengerApp[],
    pathAppId?: string,
  ): Promise<string> {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0)
      throw new AppError('invalid', 'empty request body');
    const signature = req.header('x-hub-signature-256');
    if (!signature) throw new AppError('unauthorized', 'missing X-Hub-Signature-256');
    // Checked before parsing, so unsigned bytes are refused without being read.
    const secret = signingSecret(
      raw,
      signature,
      apps.map((a) => a.secret),
    );
    if (secret === undefined)
      throw new AppError('forbidden', 'signature does not match the request body');
    const parsed = parseWebhookDelivery(parseJson(raw));
    const origin = deliveryOrigin(secret, namedPages(parsed), this.directory, pathAppId);
    if (origin.verdict === 'refuse')
      throw new AppError(
        'forbidden',
        `signature does not match: the delivery names ${origin.reason}`,
      );
    if (origin.verdict === 'store')
      await appendToInbox(
        this.store,
        raw,
        { signature, lane: laneOf(parsed) },
        String(req.id ?? ''),
      );
    return 'EVENT_RECEIVED';
  }
}

/**
 * Deliveries in one lane are processed in arrival order, lanes side by side.
 * A customer is a lane; Chat Plugin traffic shares one lane per page, because
 * a PSID's first plugin message may continue another identity's (user_ref)
 * conversation and must see it opened first.
 */
function laneOf(delivery: ParsedDelivery): string {
  const first = delivery.events.find((e) => e.kind !== 'unknown');
  if (!first || !('customer' in first)) return '';
  const viaPlugin =
    first.customer.kind === 'user_ref' || (first.kind === 'message' && first.fromChatPlugin);
  return viaPlugin ? `${first.pageId}:chat_plugin` : `${first.pageId}:${first.customer.id}`;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid', 'request body is not valid JSON');
  }
}
