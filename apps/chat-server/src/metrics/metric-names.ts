/**
 * Every series /metrics serves, by name: docs/metrics.md lists the same, and
 * the e2e test scrapes and finds each one. Node's own come from prom-client's
 * default collectors.
 */
export const METRIC_NAMES = {
  webhookRequests: 'pagedesk_webhook_requests_total',
  webhookAckSeconds: 'pagedesk_webhook_ack_seconds',
  reactorLagEvents: 'pagedesk_reactor_lag_events',
  reactorLagSeconds: 'pagedesk_reactor_lag_seconds',
  projectionLagEvents: 'pagedesk_projection_lag_events',
  projectionLagSeconds: 'pagedesk_projection_lag_seconds',
  projectionFailed: 'pagedesk_projection_failed',
  quarantined: 'pagedesk_quarantined_events',
  outboxDepth: 'pagedesk_outbox_depth',
  outboxFailures: 'pagedesk_outbox_failures_total',
  socketsConnected: 'pagedesk_sockets_connected',
  workerHeapUsed: 'pagedesk_worker_heap_used_bytes',
  sqliteWalBytes: 'pagedesk_sqlite_wal_bytes',
  eventLoopBusy: 'pagedesk_event_loop_busy_seconds_total',
  threadCpu: 'pagedesk_thread_cpu_seconds_total',
  processCpu: 'process_cpu_seconds_total',
  eventLoopDelayP99: 'nodejs_eventloop_lag_p99_seconds',
  heapUsed: 'nodejs_heap_size_used_bytes',
} as const;
