import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file docker-compose.yml mounts into nginx: the check runs this very file. */
export const COMPOSE_NGINX_CONF = join(__dirname, '../../deploy/nginx-two-nodes.conf');

/**
 * The compose nginx config with its compose-only names replaced: the two
 * upstream servers `pg-node1:3000` and `pg-node2:3000` by loopback ports and
 * `listen 80` by a loopback port. Everything else (ip_hash, the upgrade
 * headers, timeouts, retries) stays as compose runs it. Throws when the file
 * no longer has exactly those three places, so a change to it cannot make
 * the check test something else.
 */
export function nginxConfFor(listenPort: number, nodePorts: readonly [number, number]): string {
  const source = readFileSync(COMPOSE_NGINX_CONF, 'utf8');
  const replacements: [RegExp, string][] = [
    [/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${listenPort};`],
    [/^(\s*server )pg-node1:3000(\s)/m, `$1127.0.0.1:${nodePorts[0]}$2`],
    [/^(\s*server )pg-node2:3000(\s)/m, `$1127.0.0.1:${nodePorts[1]}$2`],
  ];
  return replacements.reduce((conf, [pattern, value]) => {
    if (!pattern.test(conf))
      throw new Error(`${COMPOSE_NGINX_CONF} has no line matching ${pattern}: update the check`);
    return conf.replace(pattern, value);
  }, source);
}
