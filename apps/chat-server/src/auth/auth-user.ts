/** `platform_admin` runs the deployment (creates tenants); every other role lives in exactly one tenant. */
export type Role = 'platform_admin' | 'admin' | 'supervisor' | 'agent' | 'qc';

/** Who is calling, as proven by a verified JWT; every query and command is scoped by `tenantId`. */
export interface AuthUser {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly role: Role;
  readonly displayName: string;
}
