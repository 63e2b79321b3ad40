import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { WebhookChallenge } from '@pagedesk/contracts';
import { PAGE_DIRECTORY, type MessengerApp, type PageDirectory } from '@pagedesk/integrations';
import { AppError } from '@pagedesk/shared';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { ContractResponse } from '../auth/contract-response';
import { appsOnPath } from './webhook-acknowledgement';
import { WEBHOOK_PATH } from './webhook-route';

export class HandshakeQuery {
  @IsOptional() @IsString() @MaxLength(64) 'hub.mode'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.verify_token'?: string;
  @IsOptional() @IsString() @MaxLength(512) 'hub.challenge'?: string;
}

/**
 * `/webhooks/messenger` serves every app; `/webhooks/messenger/<appId>` only
 * that app: its verify tokens, deliveries for its pages (docs/tenants.md).
 * Only the handshake is here: deliveries (POST) are answered ahead of Nest's
 * pipeline by webhook-route.ts.
 */
@Controller(WEBHOOK_PATH)
export class MessengerWebhookController {
  constructor(@Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory) {}

  @Get()
  @ApiProduces('text/plain')
  @ContractResponse(WebhookChallenge)
  handshake(@Query() query: HandshakeQuery, @Res() res: Response): void {
    this.answerHandshake(appsOnPath(this.directory), query, res);
  }

  @Get(':appId')
  @ApiProduces('text/plain')
  @ContractResponse(WebhookChallenge)
  appHandshake(
    @Param('appId') appId: string,
    @Query() query: HandshakeQuery,
    @Res() res: Response,
  ): void {
    this.answerHandshake(appsOnPath(this.directory, appId), query, res);
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
}
