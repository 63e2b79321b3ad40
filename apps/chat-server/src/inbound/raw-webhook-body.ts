import type { NextFunction, Request, Response } from 'express';
import { raw } from 'express';
import { mapError } from '../errors/error-map';

export const WEBHOOK_PATH = '/webhooks/messenger';

/**
 * The webhook needs the exact bytes Facebook signed, before any JSON parser
 * touches them. Registered ahead of Nest's parsers; its own errors (413)
 * answer in the error taxonomy's shape.
 */
export function rawWebhookBody(limitBytes: number) {
  const parse = raw({ type: () => true, limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const mapped = mapError(error);
      res.status(mapped.status).json(mapped.body);
    });
}
