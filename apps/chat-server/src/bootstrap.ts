import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import type { Env } from './config/env';
import { withDevelopmentKeys } from './config/development-keys';
import { rawWebhookBody, WEBHOOK_PATH } from './inbound/raw-webhook-body';
import { AppErrorFilter } from './errors/app-error.filter';
import { appValidationPipe } from './errors/validation.pipe';
import { rejectDeepJson } from './errors/json-depth';
import { setUpApiDocs } from './auth/api-docs';
import { serveWebApp } from './web/serve-web-app';
import { securityHeaders } from './security/security-headers';
import type { Clock } from './lifecycle/clock';
import { OperatorMetrics } from './metrics/operator-metrics';
import { webhookTiming } from './metrics/webhook-timing';

const REST_BODY_LIMIT = '1mb';

/** What a test may replace in the real server: the clock lifecycle decisions read (docs/lifecycle.md), the processing worker's script. */
export interface AppOverrides {
  readonly clock?: Clock;
  /** Under Jest the worker thread has no TypeScript loader: a test names a script that brings one. */
  readonly processingWorkerEntry?: string;
}

/** Builds the whole server; main.ts and the e2e tests share it so tests run what production runs. */
export async function createApp(
  env: Record<string, unknown> = process.env,
  overrides: AppOverrides = {},
): Promise<INestApplication> {
  // A replaced clock cannot cross into the processing worker's thread.
  if (overrides.clock && env.PROCESSING !== 'inline')
    throw new Error('a replaced clock needs PROCESSING=inline');
  const keyed = withDevelopmentKeys(env);
  const module = AppModule.register(
    keyed.env,
    overrides.clock,
    undefined,
    overrides.processingWorkerEntry,
  );
  // Body parsers are registered here, in this order, instead of by Nest: the webhook needs raw bytes first, and every JSON body is depth-checked before validation.
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  if (keyed.warning) app.get(Logger).warn(keyed.warning, 'Config');
  const config = app.get(ConfigService<Env, true>);
  app.set('trust proxy', trustProxy(config.get('TRUST_PROXY', { infer: true })));
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(WEBHOOK_PATH, webhookTiming(app.get(OperatorMetrics)));
  app.use(WEBHOOK_PATH, rawWebhookBody(config.get('WEBHOOK_BODY_LIMIT_BYTES')));
  app.useBodyParser('json', { limit: REST_BODY_LIMIT });
  app.use(rejectDeepJson);
  serveWebApp(app, config.get('WEB_APP_DIR'));
  app.useGlobalFilters(new AppErrorFilter());
  app.useGlobalPipes(appValidationPipe());
  setUpApiDocs(app);
  app.enableShutdownHooks();
  return app;
}

/** TRUST_PROXY as Express reads it: a boolean, a hop count, or a list of addresses and subnets. */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
