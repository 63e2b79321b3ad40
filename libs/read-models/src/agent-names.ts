export const AGENT_NAMES = Symbol('AGENT_NAMES');

/**
 * Display names for agent ids, looked up when a transcript is read (names
 * change; the read model keeps ids). An id the port cannot name is shown as
 * itself.
 */
export interface AgentNames {
  namesOf(tenantId: string, agentIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
