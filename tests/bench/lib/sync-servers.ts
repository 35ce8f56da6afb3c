/**
 * The servers the sync-server benchmark compares, each as its own process: Evident's
 * (`evident-sync serve`, through the integration tests' helper), the reference y-websocket server
 * `@y/websocket-server` 0.1.1 (`src/server.js`, which persists nothing and ignores `?token=`), and
 * Hocuspocus 4.7 with SQLite (lib/hocuspocus-server.ts, which stores 2–10 s after broadcasting).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { mintInvite } from '../../../sync-server/auth/tokens';
import type { ClientRole } from './load-generator';
import { startServerProcess } from '../../integration/helpers/server-process';
import { startPeerProcess } from './peer-process';
import { hocuspocusWire, yWebsocketWire, type Endpoint } from './sync-wire';

export interface ServerUnderTest {
  name: string;
  pid: number;
  /**
   * Where a client of a room connects (with a token where the server needs one) and how it frames
   * messages. `role`: several instances send writers and observers to different ones; without it, the first.
   */
  endpointFor(room: string, role?: ClientRole): Endpoint;
  /** Prepares tokens (or nothing) for these rooms; call before endpointFor. */
  admit(rooms: string[]): Promise<void>;
  /** Resolves once the server has unloaded the rooms nobody is connected to, as far as it ever does. */
  roomsUnloaded(): Promise<void>;
  /** Prometheus text from /metrics, where the server has it. */
  metrics?(): Promise<string>;
  /** Started with `inspect`: the server's V8, through the inspector protocol. */
  inspector?: Inspector;
  stop(): Promise<void>;
}

export interface Inspector {
  /** A full garbage collection (HeapProfiler.collectGarbage), so what is measured next is retained. */
  collectGarbage(): Promise<void>;
  /** `process.memoryUsage()` inside the server. */
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
}

/** NODE_OPTIONS for a server process that opens the inspector on a free port (unattached until used). */
export const inspectEnv = () => ({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim() });

/** Attaches to the inspector a process announced on stderr ("Debugger listening on ws://…"). */
export async function attachInspector(output: () => string): Promise<Inspector> {
  const deadline = Date.now() + 10_000;
  let url: string | undefined;
  while (!(url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1])) {
    if (Date.now() > deadline) throw new Error(`no inspector announced:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('close', () => undefined);
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
        if (message.id !== id) return;
        ws.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message as never);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    collectGarbage: async () => void (await call('HeapProfiler.collectGarbage')),
    async memoryUsage() {
      const answer = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      return JSON.parse(String(answer.result?.result?.value)) as NodeJS.MemoryUsage;
    },
  };
}

const REFERENCE_SERVER = resolve(import.meta.dirname, '../../../node_modules/@y/websocket-server/src/server.js');

export async function freePort(): Promise<number> {
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
export async function startReferenceServer({ inspect = false } = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const peer = await startPeerProcess('reference server', [REFERENCE_SERVER], { HOST: '127.0.0.1', PORT: String(port), ...(inspect ? inspectEnv() : {}) }, 'running at');
  return {
    name: '@y/websocket-server 0.1.1',
    pid: peer.pid,
    inspector: inspect ? await attachInspector(peer.output) : undefined,
    endpointFor: (room) => ({ url: `ws://127.0.0.1:${port}/${room}?token=reference-ignores-it`, wire: yWebsocketWire }),
    admit: async () => undefined,
    // Without persistence it never unloads a doc: closeConn destroys one only when it has stored it.
    roomsUnloaded: async () => undefined,
    stop: peer.stop,
  };
}

const HOCUSPOCUS_SERVER = resolve(import.meta.dirname, 'hocuspocus-server.ts');

/**
 * Hocuspocus 4.7 + SQLite (lib/hocuspocus-server.ts) on a fresh database, compiled on load by tsx
 * as Evident's CLI is. It accepts any token: on its defaults it has no authentication hook.
 */
export async function startHocuspocusServer({ inspect = false } = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hocuspocus-'));
  const env = { PORT: String(port), HOCUSPOCUS_DB: join(dir, 'hocuspocus.sqlite'), ...(inspect ? inspectEnv() : {}) };
  const peer = await startPeerProcess('Hocuspocus', ['--import', 'tsx', HOCUSPOCUS_SERVER], env, 'hocuspocus listening on');
  return {
    name: 'Hocuspocus 4.7 + SQLite via extension-database',
    pid: peer.pid,
    inspector: inspect ? await attachInspector(peer.output) : undefined,
    endpointFor: (room) => ({ url: `ws://127.0.0.1:${port}`, wire: hocuspocusWire(room, 'hocuspocus-accepts-any-token') }),
    admit: async () => undefined,
    // `unloadImmediately` (its default): the last client's leaving runs the pending store at once, then unloads.
    roomsUnloaded: () => new Promise((done) => setTimeout(done, 3000)),
    async stop() {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of the process whose command line holds `needle` (the server's unique database path). */
export function pidWithArgument(needle: string): number {
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
export async function startEvidentServer(env: Record<string, string>, { inspect = false } = {}): Promise<ServerUnderTest> {
  const server = await startServerProcess({ ...env, ...(inspect ? inspectEnv() : {}) });
  const pid = pidWithArgument(server.dbPath);
  const tokens = new Map<string, string>();
  const metrics = async () => (await fetch(server.metricsUrl!)).text();
  const name = `Evident evident-sync${env.EVIDENT_SYNCHRONOUS && env.EVIDENT_SYNCHRONOUS !== 'full' ? ` (synchronous=${env.EVIDENT_SYNCHRONOUS})` : ''}`;
  return {
    name,
    pid,
    inspector: inspect ? await attachInspector(() => server.output()) : undefined,
    endpointFor(room) {
      const token = tokens.get(room);
      if (!token) throw new Error(`no token for ${room}: admit it first`);
      return { url: `${server.url}/${room}?token=${token}`, wire: yWebsocketWire };
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
    metrics,
    // Rooms unload `idleUnloadMs` (60 s by default) after their last client leaves.
    async roomsUnloaded() {
      const deadline = Date.now() + 180_000;
      while (metricFrom(await metrics(), 'evident_sync_loaded_docs') > 0) {
        if (Date.now() > deadline) throw new Error(`${name}: rooms still loaded after 3 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    stop: () => server.dispose(),
  };
}

/** A metric's value in Prometheus text (the sum over its label sets). */
export function metricFrom(text: string, name: string, label?: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name && (!label || (match[2] ?? '').includes(label))) total += Number(match[3]);
  }
  return total;
}

/** Evident's durable appends over some windows, from /metrics: hand-off → durable commit per update, and updates per commit. */
export interface AppendFigures {
  meanMs: number;
  perCommit: number;
  /** One commit's transaction in the committer thread, fsync included. */
  commitMeanMs: number;
  /** Appends whose commit took over 5 ms. */
  over5msPercent: number;
}

/** Reads Evident's append and commit histograms at each window's start and end, and sums the windows. */
export function appendProbe(server: ServerUnderTest) {
  const read = async () => {
    const text = await server.metrics!();
    return {
      sum: metricFrom(text, 'evident_sync_append_update_seconds_sum'),
      count: metricFrom(text, 'evident_sync_append_update_seconds_count'),
      commits: metricFrom(text, 'evident_sync_commit_batch_size_count'),
      commitSeconds: metricFrom(text, 'evident_sync_commit_seconds_sum'),
      within5ms: metricFrom(text, 'evident_sync_append_update_seconds_bucket', 'le="0.005"'),
    };
  };
  let start = { sum: 0, count: 0, commits: 0, commitSeconds: 0, within5ms: 0 };
  const totals = { seconds: 0, count: 0, commits: 0, commitSeconds: 0, within5ms: 0 };
  return {
    atWindowStart: async () => void (start = await read()),
    atWindowEnd: async () => {
      const end = await read();
      totals.seconds += end.sum - start.sum;
      totals.count += end.count - start.count;
      totals.commits += end.commits - start.commits;
      totals.commitSeconds += end.commitSeconds - start.commitSeconds;
      totals.within5ms += end.within5ms - start.within5ms;
    },
    result: (): AppendFigures | undefined =>
      totals.count
        ? {
            meanMs: (totals.seconds / totals.count) * 1000,
            perCommit: totals.count / Math.max(1, totals.commits),
            commitMeanMs: (totals.commitSeconds / Math.max(1, totals.commits)) * 1000,
            over5msPercent: (100 * (totals.count - totals.within5ms)) / totals.count,
          }
        : undefined,
  };
}
