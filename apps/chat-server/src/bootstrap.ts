import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import type { Env } from './config/env';
import { rawWebhookBody, WEBHOOK_PATH } from './inbound/raw-webhook-body';
import { AppErrorFilter } from './errors/app-error.filter';
import { appValidationPipe } from './errors/validation.pipe';
import { setUpApiDocs } from './auth/api-docs';

/** Builds the whole server; main.ts and the e2e tests share it so tests run what production runs. */
export async function createApp(
  env: Record<string, unknown> = process.env,
): Promise<INestApplication> {
  const module = AppModule.register(env);
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(
    WEBHOOK_PATH,
    rawWebhookBody(app.get(ConfigService<Env, true>).get('WEBHOOK_BODY_LIMIT_BYTES')),
  );
  app.useGlobalFilters(new AppErrorFilter());
  app.useGlobalPipes(appValidationPipe());
  setUpApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
