import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { freeLoopbackPort } from './free-port';
import type { WebSocketClass } from './sync-clients';

const CADDYFILE = resolve(import.meta.dirname, '../../../sync-server/deploy/Caddyfile');

/**
 * Debian's `caddy` running the deployment's own Caddyfile (sync-server/deploy/Caddyfile, as
 * compose.yaml runs it) in front of the given instances: HTTPS on a free loopback port with
 * `tls internal`, its local CA in a temporary folder. If it cannot start, the error says why: a
 * test that needs it fails, never skips.
 */
export interface CaddyProxy {
  /** wss://localhost:<port>: what a client is given. */
  wsUrl: string;
  /** The local CA's root certificate: what a browser would be told to trust. */
  ca: Buffer;
  /** A WebSocket class trusting that CA, for y-websocket's WebSocketPolyfill. */
  TrustingWebSocket: WebSocketClass;
  /** GETs a path through the proxy. */
  get(path: string): Promise<{ status: number; body: string }>;
  log(): string;
  dispose(): Promise<void>;
}

export async function startCaddy(upstreams: readonly string[]): Promise<CaddyProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-caddy-'));
  const [httpsPort, httpPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  let output = '';
  let child: ChildProcess | null = null;
  const dispose = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child!.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    child = spawn('caddy', ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_CONFIG_HOME: join(dir, 'config'),
        EVIDENT_SITE: 'localhost',
        EVIDENT_UPSTREAMS: upstreams.join(' '),
        EVIDENT_HTTPS_PORT: String(httpsPort),
        EVIDENT_HTTP_PORT: String(httpPort),
        EVIDENT_PROXY_BIND: '127.0.0.1',
        EVIDENT_CADDY_ADMIN: 'off',
      },
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnFailed = new Promise<never>((_, fail) =>
      child!.once('error', (e) => fail(new Error(`caddy could not be started (Debian's package \`caddy\`): ${e.message}`))),
    );
    const rootPath = join(dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
    const deadline = Date.now() + 20_000;
    const ready = (async () => {
      for (;;) {
        if (child!.exitCode !== null) throw new Error(`caddy exited (${child!.exitCode}):\n${output}`);
        if (existsSync(rootPath)) {
          const ca = readFileSync(rootPath);
          const answer = await get(httpsPort, ca, '/healthz').catch(() => null);
          if (answer) return ca;
        }
        if (Date.now() > deadline) throw new Error(`caddy: no HTTPS answer on port ${httpsPort} within 20 s:\n${output}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    })();
    const ca = await Promise.race([ready, spawnFailed]);
    class TrustingWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { ca, family: 4 });
      }
    }
    return {
      wsUrl: `wss://localhost:${httpsPort}`,
      ca,
      TrustingWebSocket,
      get: (path) => get(httpsPort, ca, path),
      log: () => output,
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** One HTTPS GET to localhost (IPv4: the proxy binds loopback's IPv4 address only). */
function get(port: number, ca: Buffer, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: 'localhost', family: 4, port, path, ca, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', fail);
    req.end();
  });
}
