import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { EVENT_STORE } from '@pagedesk/event-store';
import { PAGE_DIRECTORY } from '@pagedesk/integrations';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import type { Env } from './config/env';
import { withDevelopmentKeys } from './config/development-keys';
import { AppErrorFilter } from './errors/app-error.filter';
import { appValidationPipe } from './errors/validation.pipe';
import { rejectDeepJson } from './errors/json-depth';
import { setUpApiDocs } from './auth/api-docs';
import { serveWebApp } from './web/serve-web-app';
import { headersOnce, securityHeaders } from './security/security-headers';
import type { Clock } from './lifecycle/clock';
import type { EarlyWorker } from './processing/early-worker';
import type { Lease } from './cluster/lease';
import { OperatorMetrics } from './metrics/operator-metrics';
import { webhookTiming } from './metrics/webhook-timing';
import { answerFirst, webhookRoute } from './inbound/webhook-route';
import { httpLogOptions } from './logging/logging.module';

const REST_BODY_LIMIT = '1mb';

/** What a test may replace in the real server: the clock lifecycle decisions read (docs/lifecycle.md), the processing worker's script. */
export interface AppOverrides {
  readonly clock?: Clock;
  /** Under Jest the worker thread has no TypeScript loader: a test names a script that brings one. */
  readonly processingWorkerEntry?: string;
  /** A processing worker started before this module loaded (main.ts), adopted instead of spawning one; discarded when the server runs inline. */
  readonly earlyWorker?: EarlyWorker;
  /** The work lease in place of the one DATABASE_URL brings: a test decides when it is held. */
  readonly workLease?: Lease;
}

/** Builds the whole server; main.ts and the e2e tests share it so tests run what production runs. */
export async function createApp(
  env: Record<string, unknown> = process.env,
  overrides: AppOverrides = {},
): Promise<INestApplication> {
  // A replaced clock cannot cross into the processing worker's thread.
  if (overrides.clock && env.PROCESSING !== 'inline')
    throw new Error('a replaced clock needs PROCESSING=inline');
  if (overrides.workLease && env.PROCESSING !== 'inline')
    throw new Error('a replaced work lease needs PROCESSING=inline');
  const keyed = withDevelopmentKeys(env);
  const module = AppModule.register(
    keyed.env,
    overrides.clock,
    overrides.processingWorkerEntry,
    overrides.earlyWorker,
    overrides.workLease,
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
  answerDeliveriesFirst(app, config);
  app.useBodyParser('json', { limit: REST_BODY_LIMIT });
  app.use(rejectDeepJson);
  serveWebApp(app, config.get('WEB_APP_DIR'));
  app.useGlobalFilters(new AppErrorFilter());
  app.useGlobalPipes(appValidationPipe());
  setUpApiDocs(app);
  app.enableShutdownHooks();
  return app;
}

/**
 * Webhook deliveries are answered on the same HTTP server ahead of Express
 * and Nest's pipeline, which cost more than half the acknowledging thread
 * (BENCHMARKS.md, issue 21), with what the acknowledgement needs: timing,
 * security headers, request id and log line, body, rules, append.
 */
function answerDeliveriesFirst(app: INestApplication, config: ConfigService<Env, true>): void {
  const route = webhookRoute({
    store: app.get(EVENT_STORE),
    directory: app.get(PAGE_DIRECTORY),
    bodyLimitBytes: config.get('WEBHOOK_BODY_LIMIT_BYTES'),
    steps: [
      webhookTiming(app.get(OperatorMetrics)),
      headersOnce(securityHeaders()),
      // The one root logger nestjs-pino made, with the same options: the same fields and request ids.
      pinoHttp({ ...httpLogOptions(config.get('LOG_LEVEL')), logger: PinoLogger.root }),
    ],
  });
  answerFirst(app.getHttpServer(), route);
}

/** TRUST_PROXY as Express reads it: a boolean, a hop count, or a list of addresses and subnets. */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
