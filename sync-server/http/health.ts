import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Liveness and readiness for an orchestrator: `/healthz` is 200 while the process can do its job,
 * and 503 once it cannot store updates any more (its store writer stopped), so a supervisor restarts
 * it; `/readyz` is 200 only while the store is open and new connections are accepted, and 503 from
 * the moment shutdown starts, so a load balancer stops sending clients here first; on PostgreSQL,
 * also 503 while the database does not answer (nothing could be stored), and 200 again once it does.
 */
export function serveHealth(
  health: { isLive: () => boolean; isReady: () => boolean; notReadyBecause?: () => string },
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/healthz') {
    const live = health.isLive();
    res.writeHead(live ? 200 : 503, { 'content-type': 'text/plain' }).end(live ? 'ok\n' : 'cannot store updates\n');
    return true;
  }
  if (path === '/readyz') {
    const ready = health.isReady() && health.isLive();
    res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : `${health.notReadyBecause?.() ?? 'shutting down'}\n`);
    return true;
  }
  return false;
}
