import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import type { Actor } from './tenant-commands';

/** The signed-in caller as the actor of configuration events, with the request id for correlation. */
export const RequestActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<Request & { user: AuthUser; id?: unknown }>();
    return {
      userId: request.user.userId,
      requestId: request.id === undefined ? undefined : String(request.id),
    };
  },
);

/** Tenant-scoped routes are for tenant roles; the guard's @Roles already keeps platform_admin out. */
export const tenantOf = (user: AuthUser): string => {
  if (!user.tenantId) throw new Error('tenant route reached without a tenant');
  return user.tenantId;
};
