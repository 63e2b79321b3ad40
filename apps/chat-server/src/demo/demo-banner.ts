import { DEMO_PAGE_NAME, DEMO_PASSWORD, DEMO_USERS } from './demo-identity';

/**
 * The lines a newcomer needs after `npm start`, on stdout whatever LOG_LEVEL
 * says: where to click and how to log in. The password is the published demo
 * one, not a secret.
 */
export function demoBanner(origin: string): string {
  const rule = '='.repeat(72);
  const users = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.email}`).join('\n');
  return [
    rule,
    '  PAGEDESK DEMO MODE: nothing is configured, so this is a simulation.',
    `  The page "${DEMO_PAGE_NAME}" and its customers are simulated; start with`,
    '  DEMO=0 (or configure a page) for a real deployment.',
    '',
    `  Agent desktop & supervisor:  ${origin}/`,
    `  Messenger simulator:         ${origin}/simulator`,
    `  API docs:                    ${origin}/api/docs`,
    '',
    `  Log in as (password for all: ${DEMO_PASSWORD}):`,
    users,
    rule,
    '',
  ].join('\n');
}
