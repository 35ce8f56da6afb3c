import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Role } from '../../../shared/protocol/sync';
import { mintInvite } from '../../../sync-server/auth/tokens';
import { openSqliteStore, type SqliteSyncStore } from '../../../sync-server/persistence/sqlite-store';

const CLI = resolve(import.meta.dirname, '../../../sync-server/bin/evident-sync.mjs');

export interface ServerProcess {
  url: string;
  port: number;
  /** Where the server serves /metrics (its own loopback listener; a free port in tests), or null when off. */
  metricsUrl: string | null;
  dbPath: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** Resolves with how the running process ended, once it has (by itself: it is not signalled). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the process and resolves with how it ended. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  /** A token signed with the server's secret (EVIDENT_SECRET, set here). */
  mint(workspace: string, role: Role, options?: { expiresInSeconds?: number; now?: Date }): Promise<{ token: string; jti: string }>;
  /** The same database, opened from the test (WAL lets both processes use it). */
  openStore(): SqliteSyncStore;
  /**
   * Runs `evident-sync <args> --db <this database>` as its own process, as an operator would, with
   * the server's EVIDENT_* settings (`env` of startServerProcess) and `env` added.
   */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Kills the process if running and deletes the database. */
  dispose(): Promise<void>;
}

/**
 * The sync server as its own process, as users run it (`evident-sync serve`), on a fresh database
 * in a temporary folder. `env` adds EVIDENT_* settings (limits) for the test.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-sync-'));
  const dbPath = join(dir, 'evident.sqlite');
  const secret = `test-secret-${randomBytes(24).toString('hex')}`; // the server wants at least 32 bytes
  let child: ChildProcess | null = null;
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });
  let log = '';
  let port = 0;
  let metricsUrl: string | null = null;

  const start = () =>
    new Promise<void>((ready, fail) => {
      const startedAt = log.length;
      const proc = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port), '--db', dbPath], {
        // Metrics on a free port: several servers run at once, and 9464 may be taken.
        env: { ...process.env, EVIDENT_SECRET: secret, EVIDENT_LOG_LEVEL: 'warn', EVIDENT_METRICS_PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      exit = new Promise((done) => proc.once('exit', (code, signal) => done({ code, signal })));
      const timer = setTimeout(() => fail(new Error(`server did not start within 20 s:\n${log}`)), 20_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const match = /serving ws:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (match && !port) port = Number(match[1]);
        // Printed right after "serving", by this start of the process (a restart picks a new port).
        const metrics = /metrics (?:at (http:\S+)|off)/.exec(log.slice(startedAt));
        if (match && metrics) {
          metricsUrl = metrics[1] ?? null;
          clearTimeout(timer);
          ready();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`server exited (${code ?? signal}) before it was serving:\n${log}`));
      });
    });

  const kill: ServerProcess['kill'] = (signal = 'SIGTERM') => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc?.exitCode ?? null, signal: proc?.signalCode ?? null });
    return new Promise((done) => {
      proc.once('exit', (code, sig) => done({ code, signal: sig }));
      proc.kill(signal);
    });
  };

  const openStore = () => openSqliteStore(dbPath, { secretFromEnv: secret });
  await start();
  return {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    dbPath,
    output: () => log,
    exited: () => exit,
    kill,
    restart: async () => {
      await kill('SIGTERM');
      await start();
    },
    async mint(workspace, role, { expiresInSeconds = 3600, now } = {}) {
      const store = openStore();
      try {
        const { token, claims } = await mintInvite(store.secret(), { workspace, role, expiresInSeconds, now });
        return { token, jti: claims.jti };
      } finally {
        store.close();
      }
    },
    openStore,
    cli: (args, extraEnv = {}) =>
      new Promise((done) => {
        const cliEnv = { ...process.env, EVIDENT_SECRET: secret, ...env, ...extraEnv };
        execFile(process.execPath, [CLI, ...args, '--db', dbPath], { env: cliEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      }),
    async dispose() {
      await kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GETs a path on the server's HTTP side. */
export async function httpGet(server: ServerProcess, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return { status: res.status, body: await res.text() };
}

/** GETs /metrics from the server's metrics listener. */
export async function metricsText(server: ServerProcess): Promise<{ status: number; body: string }> {
  if (!server.metricsUrl) throw new Error('this server serves no metrics (EVIDENT_METRICS_PORT=off)');
  const res = await fetch(server.metricsUrl);
  return { status: res.status, body: await res.text() };
}

/** A metric's value from /metrics (the sum over its label sets when `labels` is not given). */
export async function metricValue(server: ServerProcess, name: string, labels?: Record<string, string>): Promise<number> {
  const { body } = await metricsText(server);
  let total = 0;
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (labels && !Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) continue;
    total += Number(match[3]);
  }
  return total;
}
