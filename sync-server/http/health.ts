import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Liveness and readiness for an orchestrator: `/healthz` is 200 while the process can answer at
 * all; `/readyz` is 200 only while the store is open and new connections are accepted, and 503
 * from the moment shutdown starts, so a load balancer stops sending clients here first.
 */
export function serveHealth(isReady: () => boolean, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return true;
  }
  if (path === '/readyz') {
    const ready = isReady();
    res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'shutting down\n');
    return true;
  }
  return false;
}
