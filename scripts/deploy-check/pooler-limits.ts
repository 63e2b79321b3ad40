import { Client } from 'pg';
import { withClient } from '../../test/support/postgres/client';

/** What a session feature does through the pooler, next to a direct connection. */
export interface Probe {
  readonly feature: string;
  readonly direct: string;
  readonly pooled: string;
  /** True when the pooled behaviour is the one docs/postgres.md documents as broken. */
  readonly limitation: boolean;
}

/** Whether a LISTENing client hears a NOTIFY sent on another connection through the same URL, within 2 s. */
async function hears(url: string): Promise<boolean> {
  return withClient(url, async (listener) => {
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 2_000);
      listener.once('notification', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    await listener.query('LISTEN deploy_check');
    await withClient(url, (notifier) => notifier.query("SELECT pg_notify('deploy_check', '')"));
    return heard;
  });
}

/**
 * Whether a session advisory lock behaves as a lease needs: a second client
 * is refused while the first holds it, and gets it once the first client's
 * connection is gone (the node died).
 */
async function leaseBehaviour(url: string): Promise<string> {
  const key = 7_700_000 + Math.floor(Math.random() * 1000);
  const first = new Client({ connectionString: url });
  await first.connect();
  const got = async () =>
    withClient(
      url,
      async (c) =>
        (await c.query('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0].ok as boolean,
    );
  await first.query('SELECT pg_try_advisory_lock($1)', [key]);
  const secondWhileHeld = await got();
  await first.end();
  const afterHolderGone = await got();
  return `second client while the first holds it: ${secondWhileHeld ? 'got it too' : 'refused'}; after the first disconnected: ${afterHolderGone ? 'got it' : 'still refused'}`;
}

const LEASE_OK =
  'second client while the first holds it: refused; after the first disconnected: got it';

export async function probePooler(directUrl: string, pooledUrl: string): Promise<Probe[]> {
  const [listenDirect, listenPooled] = [await hears(directUrl), await hears(pooledUrl)];
  const [leaseDirect, leasePooled] = [
    await leaseBehaviour(directUrl),
    await leaseBehaviour(pooledUrl),
  ];
  const said = (heard: boolean) => (heard ? 'NOTIFY heard' : 'NOTIFY not heard within 2 s');
  return [
    {
      feature: 'LISTEN/NOTIFY',
      direct: said(listenDirect),
      pooled: said(listenPooled),
      limitation: !listenPooled,
    },
    {
      feature: 'session advisory lock (CLUSTER_LEASE=advisory)',
      direct: leaseDirect,
      pooled: leasePooled,
      limitation: leasePooled !== LEASE_OK,
    },
  ];
}
