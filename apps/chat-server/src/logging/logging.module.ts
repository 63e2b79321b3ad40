import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { Env } from '../config/env';

/** Paths that may carry secrets in a log line; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  '*.accessToken',
  '*.access_token',
  '*.appSecret',
  '*.password',
  '*.token',
];

const requestId = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
};

/**
 * pino-http's options: one request id (a given, well-formed X-Request-Id, else
 * a new one, echoed in the answer), one log line per request with the same
 * fields, secrets redacted. Nest's pipeline and the webhook's own route
 * (inbound/webhook-route.ts) both log through these.
 */
export const httpLogOptions = (level: string) =>
  ({
    level,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestId(req);
      res.setHeader('x-request-id', id);
      return id;
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    autoLogging: {
      ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/ready',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: stripQuery(req.url),
      }),
    },
  }) satisfies Options;

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        pinoHttp: httpLogOptions(config.get('LOG_LEVEL')),
      }),
    }),
  ],
})
export class LoggingModule {}

/** Query strings can carry tokens (hub.verify_token, access_token): never log them. */
const stripQuery = (url: string) => url.split('?')[0];
