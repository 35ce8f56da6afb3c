/**
 * The servers the sync-server benchmark compares, each as its own process: Evident's
 * (`evident-sync serve`, through the integration tests' helper) and the reference y-websocket
 * server `@y/websocket-server` 0.1.1 (`src/server.js`, which persists nothing and ignores `?token=`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { mintInvite } from '../../../sync-server/auth/tokens';
import { startServerProcess } from '../../integration/helpers/server-process';

export interface ServerUnderTest {
  name: string;
  pid: number;
  /** The WebSocket URL for a room, with a token where the server needs one. */
  urlFor(room: string): string;
  /** Prepares tokens (or nothing) for these rooms; call before urlFor. */
  admit(rooms: string[]): Promise<void>;
  /** Prometheus text from /metrics, where the server has it. */
  metrics?(): Promise<string>;
  stop(): Promise<void>;
}

const REFERENCE_SERVER = resolve(import.meta.dirname, '../../../node_modules/@y/websocket-server/src/server.js');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** `HOST=127.0.0.1 PORT=<p> node node_modules/@y/websocket-server/src/server.js`. */
export async function startReferenceServer(): Promise<ServerUnderTest> {
  const port = await freePort();
  const child = spawn(process.execPath, [REFERENCE_SERVER], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`reference server did not start:\n${log}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('running at')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`reference server exited (${code}):\n${log}`)));
  });
  return {
    name: '@y/websocket-server 0.1.1',
    pid: child.pid!,
    urlFor: (room) => `ws://127.0.0.1:${port}/${room}?token=reference-ignores-it`,
    admit: async () => undefined,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGKILL');
      });
    },
  };
}

/** The pid of the process whose command line holds `needle` (the server's unique database path). */
function pidWithArgument(needle: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(needle)) return Number(name);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no process with argument ${needle}`);
}

/**
 * `evident-sync serve` on a fresh database, with editor tokens minted with the server's key. `env`
 * adds EVIDENT_* settings.
 */
export async function startEvidentServer(env: Record<string, string>): Promise<ServerUnderTest> {
  const server = await startServerProcess(env);
  const pid = pidWithArgument(server.dbPath);
  const tokens = new Map<string, string>();
  return {
    name: 'Evident evident-sync',
    pid,
    urlFor(room) {
      const token = tokens.get(room);
      if (!token) throw new Error(`no token for ${room}: admit it first`);
      return `${server.url}/${room}?token=${token}`;
    },
    async admit(rooms) {
      const store = server.openStore();
      try {
        for (const room of rooms) {
          if (tokens.has(room)) continue;
          const { token } = await mintInvite(store.secret(), { workspace: room, role: 'editor', expiresInSeconds: 3600 });
          tokens.set(room, token);
        }
      } finally {
        store.close();
      }
    },
    async metrics() {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      return res.text();
    },
    stop: () => server.dispose(),
  };
}

/** A metric's value in Prometheus text (the sum over its label sets). */
export function metricFrom(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name) total += Number(match[3]);
  }
  return total;
}
