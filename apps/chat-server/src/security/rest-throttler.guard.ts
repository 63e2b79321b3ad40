import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { isApiPath } from '../auth/auth.guard';

/**
 * `@nestjs/throttler` on the REST API only: the webhook takes Facebook's
 * bursts (it has its own checks), sockets have their own cap, health is
 * polled by balancers. A signed-in caller is counted per user — a contact
 * center's agents often share one office address — anyone else per address.
 * Installed after AuthGuard, so `req.user` is known when it runs.
 */
@Injectable()
export class RestThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !isApiPath(context.switchToHttp().getRequest<Request>().path ?? '');
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthUser | undefined;
    return user ? `user:${user.userId}` : `address:${String(req.ip)}`;
  }
}
