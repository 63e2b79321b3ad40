import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { EventStore } from '@pagedesk/event-store';
import type { PageDirectory } from '@pagedesk/integrations';
import { AppError } from '@pagedesk/shared';
import { mapError } from '../errors/error-map';
import { rawWebhookBody } from './raw-webhook-body';
import { acknowledgeDelivery } from './webhook-acknowledgement';

export const WEBHOOK_PATH = '/webhooks/messenger';

/** The POSTs Nest's router took before: the shared path or one app's, any case, a trailing slash, a query. */
const DELIVERY_PATH = /^\/webhooks\/messenger(?:\/([^/?]+))?\/?(?:\?|$)/i;

/** Connect-style steps that run before the body is read (all of them answer nothing themselves). */
export type RouteStep = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface WebhookRouteParts {
  readonly store: EventStore;
  readonly directory: PageDirectory;
  readonly bodyLimitBytes: number;
  /** In order: timing, security headers, request id and log line. */
  readonly steps: readonly RouteStep[];
}

/**
 * The webhook's POST without Express or Nest's pipeline (router, guards,
 * interceptors, filters): the acknowledgement needs the bytes, the rules of
 * acknowledgeDelivery, and an answer. Returns false for every other request.
 */
export function webhookRoute(parts: WebhookRouteParts) {
  const readBody = rawWebhookBody(parts.bodyLimitBytes);
  const answer = async (req: IncomingMessage, res: ServerResponse, pathAppId?: string) => {
    try {
      await runSteps(parts.steps, req, res);
      const raw = await readBody(req, res);
      const signature = req.headers['x-hub-signature-256'];
      const text = await acknowledgeDelivery(parts.store, parts.directory, {
        raw,
        signature: typeof signature === 'string' ? signature : undefined,
        pathAppId: pathAppId === undefined ? undefined : decodeParam(pathAppId),
        requestId: String(req.id ?? ''),
      });
      send(res, 200, 'text/plain; charset=utf-8', text);
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.unexpected) req.log?.error({ context: 'Errors', err: error }, 'unexpected error');
      send(res, mapped.status, 'application/json; charset=utf-8', JSON.stringify(mapped.body));
    }
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const match = req.method === 'POST' ? DELIVERY_PATH.exec(req.url ?? '') : null;
    if (!match) return false;
    void answer(req, res, match[1]);
    return true;
  };
}

/**
 * Puts the route in front of every other 'request' listener of the server
 * (Express with Nest's router), which then sees only what the route leaves.
 */
export function answerFirst(
  server: Server,
  route: (req: IncomingMessage, res: ServerResponse) => boolean,
) {
  const others = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (route(req, res)) return;
    for (const listener of others) listener.call(server, req, res);
  });
}

/** Runs the steps one after the other, as Express would, without Express. */
function runSteps(steps: readonly RouteStep[], req: IncomingMessage, res: ServerResponse) {
  return new Promise<void>((resolve, reject) => {
    let index = 0;
    const next = (error?: unknown) => {
      if (error) return reject(error);
      const step = steps[index++];
      if (step) step(req, res, next);
      else resolve();
    };
    next();
  });
}

/** As Express decoded `:appId`: a malformed escape is the caller's mistake. */
function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError('invalid', `Failed to decode param '${value}'`);
  }
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
