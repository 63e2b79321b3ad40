/**
 * Configuration changes are events like everything else: each carries its
 * actor and time in metadata, so an audit of a tenant, user, queue or page is
 * a read of its stream.
 */
export type Role = 'platform_admin' | 'admin' | 'supervisor' | 'agent' | 'qc';
/** `qc` reads the tenant's conversations and scores them (docs/quality-control.md); it manages nothing. */
export const TENANT_ROLES = ['admin', 'supervisor', 'agent', 'qc'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const ROUTING_MODES = ['offer', 'auto'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/**
 * Offer mode: each waiting chat is on at most `offerGroupSize` agents' screens at once (null:
 * on every member's with a free slot for it), widened by as many again every `offerRingSeconds`
 * it goes unaccepted (docs/tenants.md, "Offer groups").
 */
export const OFFER_GROUP_SIZES = { min: 1, max: 50 } as const;
export const OFFER_RING_SECONDS = { min: 1, max: 3600 } as const;
export const DEFAULT_OFFER_RING_SECONDS = 20;

export const DEFAULT_MAX_CHATS = 4;

export type TenantEvent = {
  readonly type: 'TenantCreated';
  readonly data: { readonly tenantId: string; readonly name: string };
};

export interface UserProfileChanges {
  readonly displayName?: string;
  readonly role?: TenantRole;
  readonly maxChats?: number;
}

export type UserEvent =
  | {
      readonly type: 'UserCreated';
      readonly data: {
        readonly userId: string;
        readonly tenantId: string | null;
        readonly email: string;
        readonly displayName: string;
        readonly role: Role;
        /** scrypt hash with its parameters; never the password. */
        readonly passwordHash: string;
        readonly maxChats: number;
      };
    }
  | {
      readonly type: 'UserUpdated';
      readonly data: { readonly userId: string; readonly changes: UserProfileChanges };
    }
  | {
      readonly type: 'UserPasswordChanged';
      readonly data: { readonly userId: string; readonly passwordHash: string };
    }
  | { readonly type: 'UserDisabled'; readonly data: { readonly userId: string } }
  | { readonly type: 'UserEnabled'; readonly data: { readonly userId: string } }
  /** "Log out everywhere": every token and refresh token issued so far stops working. */
  | { readonly type: 'UserSessionsRevoked'; readonly data: { readonly userId: string } };

export type QueueEvent =
  | {
      readonly type: 'QueueCreated';
      readonly data: {
        readonly tenantId: string;
        readonly queueId: string;
        readonly name: string;
        readonly routingMode: RoutingMode;
        readonly members: readonly string[];
      };
    }
  | {
      readonly type: 'QueueUpdated';
      readonly data: {
        readonly tenantId: string;
        readonly queueId: string;
        readonly changes: {
          readonly name?: string;
          readonly routingMode?: RoutingMode;
          readonly members?: readonly string[];
          /** Absent from events written before offer groups: the queue keeps what it had. */
          readonly offerGroupSize?: number | null;
          readonly offerRingSeconds?: number;
        };
      };
    };

export type DirectoryEvent = TenantEvent | UserEvent | QueueEvent;
