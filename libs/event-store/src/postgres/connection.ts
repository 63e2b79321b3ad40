const CONNECT_TIMEOUT_MS = 5_000;

/** How every connection of the store is opened: a bounded connect, TCP keep-alive, named in pg_stat_activity. */
export function connectionConfig(url: string) {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'pagedesk',
  };
}
