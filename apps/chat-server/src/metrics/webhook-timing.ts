import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperatorMetrics } from './operator-metrics';

/** Times each webhook POST from its first byte handled to the answer sent, body reading included. */
export const webhookTiming =
  (metrics: OperatorMetrics) =>
  (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (request.method !== 'POST') return next();
    const started = process.hrtime.bigint();
    response.once('finish', () =>
      metrics.webhookAnswered(response.statusCode, Number(process.hrtime.bigint() - started) / 1e9),
    );
    next();
  };
