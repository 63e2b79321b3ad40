import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory } from '@pagedesk/integrations';
import { parseWebhookDelivery, verifySignature } from '@pagedesk/messenger';
import { AppError } from '@pagedesk/shared';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { appendToInbox } from './inbox';
import { inboundLane } from './inbound-lane';
import { WEBHOOK_PATH } from './raw-webhook-body';

export class HandshakeQuery {
  @IsOptional() @IsString() @MaxLength(64) 'hub.mode'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.verify_token'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.challenge'?: string;
}

@Controller(WEBHOOK_PATH)
export class MessengerWebhookController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
  ) {}

  /** Facebook's subscription handshake: echo the challenge only for a verify token we issued. */
  @Get()
  handshake(@Query() query: HandshakeQuery, @Res() res: Response): void {
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (
      query['hub.mode'] !== 'subscribe' ||
      !token ||
      !challenge ||
      !this.directory.isVerifyToken(token)
    ) {
      throw new AppError('forbidden', 'verification failed');
    }
    res.status(200).type('text/plain').send(challenge);
  }

  /** 200 means "durably stored": Facebook does not redeliver what we acknowledged. */
  @Post()
  @HttpCode(200)
  async receive(@Req() req: Request): Promise<string> {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0)
      throw new AppError('invalid', 'empty request body');
    const signature = req.header('x-hub-signature-256');
    if (!signature) throw new AppError('unauthorized', 'missing X-Hub-Signature-256');
    if (!verifySignature(raw, signature, this.directory.appSecrets())) {
      throw new AppError('forbidden', 'signature does not match the request body');
    }
    const parsed = parseWebhookDelivery(parseJson(raw));
    await appendToInbox(
      this.store,
      raw,
      { signature, lane: inboundLane(parsed) },
      String(req.id ?? ''),
    );
    return 'EVENT_RECEIVED';
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('invalid', 'request body is not valid JSON');
  }
}
