/**
 * Who and what the demo consists of. Fixed ids and a published password on
 * purpose: a newcomer reads them from the start-up banner, and a restart on
 * the same data directory finds the same tenant, users and conversations.
 */
export const DEMO_TENANT = 'demo';
export const DEMO_QUEUE = 'default';
export const DEMO_PAGE_ID = '990000000000001';
export const DEMO_APP_ID = '990000000000002';
export const DEMO_PAGE_NAME = 'Pagedesk Demo Shop';
export const DEMO_PASSWORD = 'pagedesk-demo';

export const DEMO_USERS = [
  { email: 'agent@demo.pagedesk.test', displayName: 'Ada Agent', role: 'agent' },
  { email: 'agent2@demo.pagedesk.test', displayName: 'Grace Agent', role: 'agent' },
  { email: 'supervisor@demo.pagedesk.test', displayName: 'Sam Supervisor', role: 'supervisor' },
  /** Sees the Quality tab alone: scores ended chats against the tenant's scorecards. */
  { email: 'qc@demo.pagedesk.test', displayName: 'Quinn Quality', role: 'qc' },
] as const;

/** What a demo agent can tag a closed chat with; a supervisor may change them. */
export const DEMO_WRAP_UP_TAGS = [
  { tagId: 'resolved', label: 'Resolved' },
  { tagId: 'refund', label: 'Refund' },
  { tagId: 'follow-up', label: 'Follow-up needed' },
] as const;

/** Facebook's API version in the simulator's Graph URL, as MESSENGER_GRAPH_API_URL carries one. */
export const SIMULATED_GRAPH_PATH = '/simulator/graph/v25.0';
