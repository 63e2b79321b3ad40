import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'pagedesk:public';
export const ROLES = 'pagedesk:roles';

/** Opts a route under /api out of authentication (login, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 `forbidden` for others); without it any signed-in user may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The verified caller the guard attached to the request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
