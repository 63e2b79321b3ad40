import { AppError } from '@pagedesk/shared';
import type { ConversationSummary } from '@pagedesk/read-models';
import type { AuthUser } from '../auth/auth-user';

/** Supervisors, admins and quality control see their whole tenant; an agent only conversations they were assigned. */
export const seesWholeTenant = (user: AuthUser): boolean =>
  user.role === 'admin' || user.role === 'supervisor' || user.role === 'qc';

export function tenantOf(user: AuthUser): string {
  if (!user.tenantId) throw new AppError('forbidden', 'conversations belong to a tenant');
  return user.tenantId;
}

/** The agent filter an agent may use is themself; anything else is refused, not silently narrowed. */
export function agentFilterFor(user: AuthUser, requested: string | undefined): string | undefined {
  if (seesWholeTenant(user)) return requested;
  if (requested !== undefined && requested !== user.userId) {
    throw new AppError('forbidden', 'agent: agents see only their own conversations');
  }
  return user.userId;
}

/** Another tenant's conversation, or a colleague's for an agent, answers exactly like a missing one. */
export function assertVisible(
  user: AuthUser,
  conversationId: string,
  summary: ConversationSummary | undefined,
): void {
  if (summary && (seesWholeTenant(user) || summary.agentIds.includes(user.userId))) return;
  throw new AppError('not_found', `no conversation ${conversationId}`);
}
