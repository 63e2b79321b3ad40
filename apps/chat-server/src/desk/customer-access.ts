import type { RoutedConversation } from '@pagedesk/routing';
import { AppError } from '@pagedesk/shared';
import type { AuthUser } from '../auth/auth-user';

/**
 * The customer panel's access rule (docs/web-app.md): supervisors and admins
 * read the customer of any conversation of their tenant; an agent only the
 * customer of a conversation offered to them or held by them now. Anything
 * else, another tenant's included, answers exactly like a missing conversation.
 */
export function assertCustomerVisible(
  user: AuthUser,
  conversationId: string,
  live: RoutedConversation | undefined,
  offeredTo: (conversation: RoutedConversation) => boolean,
): void {
  if (user.role === 'admin' || user.role === 'supervisor') return;
  if (live && live.tenantId === user.tenantId) {
    if (live.status === 'assigned' && live.agentId === user.userId) return;
    if (offeredTo(live)) return;
  }
  throw new AppError('not_found', `no conversation ${conversationId}`);
}
