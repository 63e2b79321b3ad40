import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { raw } from 'express';

/**
 * The webhook needs the exact bytes Facebook signed, before any JSON parser
 * touches them: read whole up to the limit (413 past it, Content-Encoding
 * inflated as body-parser does). Resolves with no body when none was sent;
 * rejects with body-parser's error, which the error map turns into its code.
 */
export function rawWebhookBody(limitBytes: number) {
  const parse = raw({ type: () => true, limit: limitBytes });
  return (req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> =>
    new Promise((resolve, reject) =>
      parse(req as Request, res as Response, (error?: unknown) => {
        if (error) return reject(error);
        const body: unknown = (req as { body?: unknown }).body;
        resolve(Buffer.isBuffer(body) ? body : undefined);
      }),
    );
}
