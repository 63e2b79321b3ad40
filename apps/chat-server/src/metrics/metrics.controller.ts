import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import { AppError } from '@pagedesk/shared';
import type { Response } from 'express';
import { bearerToken } from '../auth/auth.guard';
import type { Env } from '../config/env';
import { OperatorMetrics } from './operator-metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus scrape endpoint, outside /api (no user login): only a scraper
 * holding METRICS_TOKEN reads it; without the variable it does not exist.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | undefined;

  constructor(
    private readonly metrics: OperatorMetrics,
    config: ConfigService<Env, true>,
  ) {
    const token = config.get('METRICS_TOKEN', { infer: true });
    this.token = token ? digest(token) : undefined;
  }

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (!this.token) throw new AppError('not_found', 'metrics are off: set METRICS_TOKEN');
    const offered = bearerToken(authorization);
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    if (offered === undefined || !timingSafeEqual(digest(offered), this.token))
      throw new AppError('unauthorized', 'a valid metrics token is required');
    response.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
