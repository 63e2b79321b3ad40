import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
// js-yaml (a dev dependency) resolves compose's anchors and `<<` merges.
import { load } from 'js-yaml';
import { Env } from '../apps/chat-server/src/config/env';
import { COMPOSE_NGINX_CONF } from '../scripts/deploy-check/nginx-conf';
import { nodeEnv } from '../scripts/deploy-check/nodes';

/**
 * docker-compose.yml cannot run here (no Docker); `npm run check:deploy` runs its shape with real
 * programs. This keeps the two describing one deployment: the nginx config compose mounts is the
 * one the check runs, the upstreams it names are compose's nodes on the port they listen on, and
 * every variable either gives a node is one the server reads.
 */
const ROOT = join(__dirname, '..');

interface Service {
  readonly environment?: Record<string, string | number>;
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly profiles?: readonly string[];
}

const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const NODES = ['pg-node1', 'pg-node2'] as const;
const node = (name: string): Service => compose.services[name]!;

/** Every variable the server reads: each property of Env carries validation metadata. */
const readByServer = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Env, '', true, false)
    .map((m) => m.propertyName),
);

const checkEnv = nodeEnv(
  4000,
  { pooled: 'postgres://p@h/d', direct: 'postgres://p@h/d', graph: 'http://g' },
  'data-x',
);

describe('docker-compose.yml and npm run check:deploy describe one deployment', () => {
  it("mounts the nginx config the check runs as the balancer's only server block", () => {
    const mounts = (compose.services.balancer?.volumes ?? []).map((v) => v.split(':'));
    expect(mounts).toEqual([[expect.any(String), '/etc/nginx/conf.d/default.conf', 'ro']]);
    expect(resolve(ROOT, mounts[0]![0]!)).toBe(resolve(COMPOSE_NGINX_CONF));
  });

  it('points nginx at the compose nodes, on the port they listen on, and listens where compose publishes', () => {
    const conf = readFileSync(COMPOSE_NGINX_CONF, 'utf8');
    const upstreams = [...conf.matchAll(/^\s*server ([\w.-]+):(\d+)\b/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(upstreams).toEqual(NODES.map((name) => [name, Number(node(name).environment!.PORT)]));
    const listen = /^\s*listen (\d+);/m.exec(conf)?.[1];
    expect(compose.services.balancer?.ports).toEqual([`8080:${listen}`]);
  });

  it('starts nginx once both nodes answer /ready on the port they listen on', () => {
    const balancer = compose.services.balancer as Service & {
      depends_on?: Record<string, { condition: string }>;
    };
    expect(balancer.depends_on).toEqual(
      Object.fromEntries(NODES.map((name) => [name, { condition: 'service_healthy' }])),
    );
    for (const name of NODES) {
      const { healthcheck, environment } = node(name) as Service & {
        healthcheck?: { test: string[] };
      };
      expect(healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${environment!.PORT}/ready`);
    }
  });

  it.each(NODES)('gives %s only variables the server reads', (name) => {
    const names = Object.keys(node(name).environment ?? {});
    expect(names.filter((n) => !readByServer.has(n))).toEqual([]);
    // The nodes must all take the same settings: one shared secret, one database.
    expect(node(name).environment).toEqual(node(NODES[0]).environment);
  });

  it("gives the check's nodes only variables the server reads", () => {
    expect(Object.keys(checkEnv).filter((n) => !readByServer.has(n))).toEqual([]);
  });

  it('sets on the compose nodes every deployment setting the check sets, under the same names', () => {
    // What only the check needs: its pooler (docs/deploy.md), the fake Graph API and metrics
    // it reads, a scratch data dir, test sign-ins, and the row lease the pooler needs.
    const checkOnly = new Set([
      'DATABASE_SESSION_URL',
      'CLUSTER_LEASE',
      'METRICS_TOKEN',
      'MESSENGER_CONFIG',
      'MESSENGER_GRAPH_API_URL',
      'DATA_DIR',
      'BOOTSTRAP_TENANT',
      'BOOTSTRAP_PLATFORM_EMAIL',
      'BOOTSTRAP_PLATFORM_PASSWORD',
    ]);
    const shared = Object.keys(checkEnv).filter((n) => !checkOnly.has(n));
    expect(shared.sort()).toEqual(
      [
        'BOOTSTRAP_ADMIN_EMAIL',
        'BOOTSTRAP_ADMIN_PASSWORD',
        'DATABASE_URL',
        'JWT_SECRET',
        'PORT',
        'SECRETS_KEY',
        'TRUST_PROXY',
      ].sort(),
    );
    for (const name of NODES)
      expect(shared.filter((n) => !(n in (node(name).environment ?? {})))).toEqual([]);
    expect(node(NODES[0]).environment!.TRUST_PROXY).toBe(checkEnv.TRUST_PROXY);
  });
});
