import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.pdf': 'application/pdf', '.json': 'application/json' };

export interface FixtureServer {
  port: number;
  /** Serves `body` at `pathname` (any host), e.g. a fixture edited for a test. */
  route(pathname: string, body: string | Uint8Array, type?: string): void;
  close(): Promise<void>;
}

/**
 * Serves the fixtures on 127.0.0.1 for every host name: Chromium is started with
 * `--host-resolver-rules` mapping *.gov.uk here, so the extension sees real gov.uk addresses.
 * A path is served by its last segment's fixture file, or by a route a test added.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, { body: string | Uint8Array; type: string }>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const routed = routes.get(url.pathname);
    if (routed) {
      // Extension pages may fetch routed data (benchmarks seed a workspace this way).
      res.writeHead(200, { 'content-type': routed.type, 'access-control-allow-origin': '*' });
      return res.end(routed.body);
    }
    const file = path.join(FIXTURES, path.basename(decodeURIComponent(url.pathname)));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no fixture for ${url.pathname}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    route: (pathname, body, type = 'text/html; charset=utf-8') => void routes.set(pathname, { body, type }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const readFixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8');
