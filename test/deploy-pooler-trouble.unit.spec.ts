import { poolerTrouble } from '../scripts/deploy-check/processes';

// Lines as PgBouncer 1.18 wrote them in a check:deploy run whose read-model contract ended server connections.
const LOG = [
  'LOG C-0x1: db/postgres@127.0.0.1:1 login attempt: db=db user=postgres tls=no',
  'LOG C-0x1: db/postgres@127.0.0.1:1 closing because: client close request (age=0s)',
  "WARNING S-0x2: db/postgres@127.0.0.1:2 got packet 'E' from server when not linked",
  'LOG S-0x2: db/postgres@127.0.0.1:2 closing because: server conn crashed? (age=3s)',
  'LOG S-0x3: db/postgres@127.0.0.1:2 new connection to server (from 127.0.0.1:3)',
  'LOG C-0x4: db/postgres@127.0.0.1:4 closing because: server login has been failing, try again later (server_login_retry) (age=0s)',
]
  .map((line) => `2026-12-02 02:34:59.280 UTC [15475] ${line}`)
  .join('\n');

describe("check:deploy's PgBouncer report on a failed contract", () => {
  it('keeps warnings and unrequested closes, drops logins and closes the client asked for', () => {
    expect(poolerTrouble(LOG).map((line) => line.slice(36))).toEqual([
      "WARNING S-0x2: db/postgres@127.0.0.1:2 got packet 'E' from server when not linked",
      'LOG S-0x2: db/postgres@127.0.0.1:2 closing because: server conn crashed? (age=3s)',
      'LOG C-0x4: db/postgres@127.0.0.1:4 closing because: server login has been failing, try again later (server_login_retry) (age=0s)',
    ]);
  });
});
