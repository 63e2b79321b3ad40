import type { NextFunction, Request, Response } from 'express';
import { AppError } from '@pagedesk/shared';
import { mapError } from './error-map';

/** Deeper than any request Pagedesk accepts; validation would otherwise recurse until the stack overflows. */
export const MAX_JSON_DEPTH = 32;

/** Depth of a parsed JSON value, measured without recursion so hostile input cannot overflow it. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Runs after the JSON body parser: a body nested past MAX_JSON_DEPTH is a 400, before any pipe sees it. */
export function rejectDeepJson(req: Request, res: Response, next: NextFunction): void {
  if (jsonDepth(req.body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return next();
  const mapped = mapError(
    new AppError('invalid', `request body is nested deeper than ${MAX_JSON_DEPTH} levels`),
  );
  res.status(mapped.status).json(mapped.body);
}
