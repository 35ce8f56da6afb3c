import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveMetrics, type SyncMetrics } from './metrics';

export interface MetricsListener {
  /** `http://host:port/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on its own listener, not on the port clients reach: the figures name workspaces and
 * show load, which is for the operator's Prometheus, and by default only a process on this machine
 * can read them (metricsHost 127.0.0.1). Anything but GET /metrics answers 404.
 */
export async function listenForMetrics(metrics: SyncMetrics, host: string, port: number): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    if (!serveMetrics(metrics, req, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (e) {
    throw new Error(`metrics: cannot listen on ${host}:${port} (${e instanceof Error ? e.message : String(e)}); set EVIDENT_METRICS_PORT to a free port, or to off`);
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
