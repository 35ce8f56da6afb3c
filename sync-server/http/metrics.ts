import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics. One registry per server (not prom-client's global one), so two
 * servers in one process, as in tests, do not share or clash.
 */
export function createSyncMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'evident_sync_' });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({ name: 'evident_sync_connections', help: 'Open WebSocket connections, by role', labelNames: ['role'], registers }),
    loadedDocs: new Gauge({ name: 'evident_sync_loaded_docs', help: 'Workspace docs loaded in memory', registers }),
    framesIn: new Counter({ name: 'evident_sync_frames_in_total', help: 'WebSocket messages received', registers }),
    bytesIn: new Counter({ name: 'evident_sync_bytes_in_total', help: 'WebSocket message bytes received', registers }),
    framesOut: new Counter({ name: 'evident_sync_frames_out_total', help: 'WebSocket messages sent', registers }),
    bytesOut: new Counter({ name: 'evident_sync_bytes_out_total', help: 'WebSocket message bytes sent', registers }),
    reviewerWritesDropped: new Counter({
      name: 'evident_sync_reviewer_writes_dropped_total',
      help: 'Sync step 2 and update messages from reviewers, dropped unread',
      registers,
    }),
    awarenessEntriesDropped: new Counter({
      name: 'evident_sync_awareness_entries_dropped_total',
      help: 'Awareness entries for a client id the connection does not own, dropped',
      registers,
    }),
    upgradesRefused: new Counter({
      name: 'evident_sync_upgrades_refused_total',
      help: 'WebSocket upgrades refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    socketsClosed: new Counter({
      name: 'evident_sync_sockets_closed_by_server_total',
      help: 'Sockets the server closed after accepting them, by close code (bad frame, too large, shutdown, revoked…)',
      labelNames: ['code'],
      registers,
    }),
    writesRefused: new Counter({
      name: 'evident_sync_writes_refused_total',
      help: 'Editors\' updates refused and their sockets closed: reason="mass-delete" (it would destroy more clips than allowed at once) or "quota" (the workspace would pass its storage quota)',
      labelNames: ['reason'],
      registers,
    }),
    readsPaused: new Counter({
      name: 'evident_sync_reads_paused_total',
      help: 'Times a socket stopped being read until its message could go on: reason="rate" (its token bucket was empty) or "backlog" (the updates waiting for their commit were at their bound)',
      labelNames: ['reason'],
      registers,
    }),
    commitBacklogUpdates: new Gauge({
      name: 'evident_sync_commit_backlog_updates',
      help: 'Updates handed to the store writer whose commit has not answered yet, over the whole server',
      registers,
    }),
    commitBacklogBytes: new Gauge({
      name: 'evident_sync_commit_backlog_bytes',
      help: 'Bytes of the updates handed to the store writer whose commit has not answered yet, over the whole server',
      registers,
    }),
    appendSeconds: new Histogram({
      name: 'evident_sync_append_update_seconds',
      help: 'Time from handing one update to the store writer until its group commit is durable (it is broadcast then)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    commitBatchSize: new Histogram({
      name: 'evident_sync_commit_batch_size',
      help: 'Updates stored per group commit (one transaction, one fsync)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'evident_sync_commit_seconds',
      help: 'Time of one group commit in the committer thread, fsync included: what the commit backlog is measured against',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    logEntries: new Gauge({
      name: 'evident_sync_log_entries',
      help: 'Update log entries since the last snapshot, per loaded workspace',
      labelNames: ['workspace'],
      registers,
    }),
    compactions: new Counter({
      name: 'evident_sync_compactions_total',
      help: 'Update logs compacted: folded into a snapshot (kind="snapshot"), or their tail merged into one entry (kind="squash")',
      labelNames: ['kind'],
      registers,
    }),
    compactionsBusy: new Counter({
      name: 'evident_sync_compactions_busy_total',
      help: 'Folds not done here because another instance held the document\'s compaction lock (PostgreSQL): it was folding that document',
      registers,
    }),
    // Scale-out (PostgreSQL + Redis): how far behind the other instances' commits this one is.
    streamLagSeconds: new Histogram({
      name: 'evident_sync_stream_lag_seconds',
      help: 'Time from another instance\'s XADD of a committed update to this instance reading it from the Redis stream',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    replayedUpdates: new Counter({
      name: 'evident_sync_replayed_updates_total',
      help: 'Committed updates read from PostgreSQL because the stream did not bring them (a gap, Redis down or flushed)',
      registers,
    }),
    fanoutStreaming: new Gauge({
      name: 'evident_sync_fanout_streaming',
      help: '1 while other instances\' updates arrive through Redis, 0 while this instance polls PostgreSQL for them',
      registers,
    }),
    databaseUp: new Gauge({
      name: 'evident_sync_database_up',
      help: '1 while PostgreSQL answers (this instance can store updates and is ready), 0 while it does not',
      registers,
    }),
    packPageResponses: new Counter({
      name: 'evident_sync_pack_page_responses_total',
      help: 'Responses of the reviewer page /w/<workspace>/pack, by HTTP status (303: an invite exchanged for a session)',
      labelNames: ['status'],
      registers,
    }),
    packRenderSeconds: new Histogram({
      name: 'evident_sync_pack_render_seconds',
      help: 'Time to make one reviewer pack on the render worker: read from the store, build, render, compress',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
      registers,
    }),
  };
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

/** Answers GET /metrics; returns false for any other request. */
export function serveMetrics(metrics: SyncMetrics, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://x').pathname !== '/metrics') return false;
  metrics.registry.metrics().then(
    (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
    (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}`),
  );
  return true;
}
