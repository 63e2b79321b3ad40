import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@pagedesk/shared';
import type { Request } from 'express';
import type { AuthUser, Role } from './auth-user';
import { IS_PUBLIC, ROLES } from './decorators';
import { TokenVerifier } from './token-verifier';

/**
 * Global: every HTTP route under /api needs a valid bearer token unless it is
 * marked @Public(); @Roles() narrows further. Webhooks and health live
 * outside /api and carry their own proof (signature) or none.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (!isApiPath(request.path ?? '')) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    request.user = this.tokens.verify(bearerToken(request.headers.authorization));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.user.role))
      throw new AppError('forbidden', `requires role ${roles.join(' or ')}`);
    return true;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
