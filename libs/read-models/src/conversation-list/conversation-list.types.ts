import type { CustomerIdentityKind } from '@pagedesk/conversation';
import type { ConversationStatus } from '../conversation-status';

export interface ConversationSummary {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  readonly channel: string;
  readonly queue: string | null;
  readonly customer: {
    readonly kind: CustomerIdentityKind;
    readonly id: string;
    readonly name: string | null;
    readonly guest: boolean;
    readonly contacts: readonly { readonly kind: string; readonly value: string }[];
  };
  readonly status: ConversationStatus;
  /** The agent holding it now (or when it ended). */
  readonly agentId: string | null;
  /** Every agent it was assigned to, in order. */
  readonly agentIds: readonly string[];
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly firstAssignedAt: number | null;
  readonly closedAt: number | null;
  /** From queued (or started) to the first assignment. */
  readonly waitMs: number | null;
  /** From the first assignment to the end. */
  readonly handleMs: number | null;
  /** What the closing agent tagged it with, as the tags read then. */
  readonly wrapUpTags: readonly { readonly tagId: string; readonly label: string }[];
  readonly messages: {
    readonly customer: number;
    readonly agent: number;
    readonly automatic: number;
    readonly page: number;
  };
}

export interface ConversationListFilter {
  readonly tenantId: string;
  readonly status?: ConversationStatus;
  /** Conversations this agent was ever assigned to. */
  readonly agentId?: string;
  readonly pageId?: string;
  readonly queue?: string;
  /** On the start time, epoch ms, inclusive. */
  readonly from?: number;
  readonly to?: number;
  /** Part of the customer's name or of a contact they shared, case-insensitive. */
  readonly customer?: string;
  /** Closed with this wrap-up tag. */
  readonly wrapUpTag?: string;
  readonly limit: number;
  readonly after?: ConversationCursor;
}

/** Newest first: the position of the last row of the previous page. */
export interface ConversationCursor {
  readonly startedAt: number;
  readonly conversationId: string;
}
