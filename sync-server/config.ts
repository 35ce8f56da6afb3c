import { parseRedisUrl } from './fanout/redis-url';
import { DEFAULT_HISTORY_DAYS } from './persistence/history-policy';
import { DatabaseUrlError, parseDatabaseUrl } from './persistence/pg/database-url';

/**
 * The sync server's settings: defaults, then EVIDENT_* environment variables, then what the caller
 * (the CLI's flags, a test) passes. Every limit the server enforces on clients is here, so an
 * operator reads them in one place (frame size, per-connection rate, commit backlog, pre-auth
 * timeout, loaded-doc cap).
 */
export interface SyncServerConfig {
  host: string;
  port: number;
  dbPath: string;
  /** Largest WebSocket message accepted; a bigger one closes that socket (4413, or 1009 from ws). */
  maxFrameBytes: number;
  /**
   * Per-connection token bucket for the messages the server does not store (sync step 1, presence,
   * a reviewer's writes): `burst` at once, refilled at `refillPerSecond`. A client past it is slowed,
   * never closed: its socket is not read until a token is back. An editor's updates are paced by the
   * commit backlog instead (below), so a writer goes as fast as its room's commits.
   */
  messagesPerSecond: { burst: number; refillPerSecond: number };
  /**
   * Updates handed to the store writer and not yet committed, per room and over the whole server
   * (rooms/commit-backlog.ts). At the bound, a socket with an update to add is not read until a
   * commit has made room, so what waits behind the committer stays within about two commits.
   */
  commitBacklog: { perRoom: { updates: number; bytes: number }; total: { updates: number; bytes: number } };
  /** An HTTP request or upgrade must be complete (headers read, token checked) within this. */
  preAuthTimeoutMs: number;
  maxLoadedDocs: number;
  /** A room with no connections is unloaded this long after its last one left. */
  idleUnloadMs: number;
  /** Compact the update log into a snapshot once it is this long; on unload, from `onUnloadEntries`. */
  compaction: { maxEntries: number; maxBytes: number; onUnloadEntries: number };
  /**
   * Origins allowed to open a socket: exact origins or patterns with `*` for one host label run
   * (`chrome-extension://*`). Requests without an Origin header are always allowed: browsers always
   * send one, so its absence means a non-browser client, which could forge any Origin anyway; the
   * check exists to stop other web pages using a visitor's browser (cross-site WebSocket hijacking).
   */
  allowedOrigins: readonly string[];
  /** Ping every this often; a socket that has not answered the previous ping is dropped. */
  keepaliveMs: number;
  /** A socket whose unsent data grows past this is a reader too slow to keep up: closed, it retries. */
  maxBufferedBytes: number;
  /**
   * Open sockets whose invite has been revoked or has expired are closed (4401) within this long:
   * the token is checked at the upgrade, and again by this periodic sweep.
   */
  revocationCheckMs: number;
  logLevel: string;
  /**
   * How the log's commits reach the disk (SQLite's `synchronous`, in WAL mode). `full` (default): each
   * commit is fsynced before its updates are broadcast, so it survives a power cut. `normal`: each
   * commit is written to the WAL before its updates are broadcast, and fsynced at the next checkpoint
   * (every 500 ms): it survives the server being killed, and the database stays whole through a power
   * cut, but that cut can undo the last half-second of commits. The clients that hold those updates
   * (every sender keeps its own, durably) send them again when they reconnect.
   */
  synchronous: Synchronous;
  /**
   * How long the update log is kept, in days (fractions allowed): the workspace can be restored as it
   * was at any moment this far back (`evident-sync restore`). Compaction keeps snapshots inside the
   * window to start a rebuild from (thinned in time and by weight: persistence/history-policy.ts) and
   * drops what only older moments need. 0 keeps no history: only what a room loads.
   */
  historyDays: number;
  /**
   * Guard rail against a mistaken or hostile editor: an update that would destroy more clips than
   * this at once (remove them from the workspace, or replace them or their capture) is refused, and
   * its socket closed (MESSAGE_REFUSED, then 4422). The app only ever soft-deletes a clip, which is
   * not counted (shared/workspace/evidence-removal.ts).
   */
  maxClipsDestroyedAtOnce: number;
  /**
   * Per-workspace storage quota, in bytes of what the store holds for it now (snapshot and update log):
   * an update that adds content past it is refused with 1013 (retried later, kept by its sender) and
   * logged. 0: no quota. Updates that only delete are always taken, so a full workspace can be tidied.
   */
  workspaceQuotaBytes: number;
  /**
   * Where `/metrics` (Prometheus) is served: its own HTTP listener, on the loopback interface by
   * default, so the operational figures (workspace ids among them) are not on the public port.
   * `metricsPort: null` serves no metrics; 0 picks a free port (tests).
   */
  metricsHost: string;
  metricsPort: number | null;
  /**
   * A reverse proxy in front terminates TLS and sets `X-Forwarded-Proto`: the reviewer page then
   * marks its session cookie `Secure` when that header says `https`. Off by default, since any
   * client can send the header (EVIDENT_TRUST_PROXY=1).
   */
  trustProxy: boolean;
  /**
   * Scale-out (sync-server/README.md, "Running several servers"): PostgreSQL as the log instead of
   * the SQLite file at `dbPath` (EVIDENT_DATABASE_URL, postgres://…), and Redis for fan-out between
   * instances (EVIDENT_REDIS_URL, redis://…; it needs the database URL). null: SQLite, one machine.
   */
  databaseUrl: string | null;
  redisUrl: string | null;
}

export const SYNCHRONOUS_MODES = ['full', 'normal'] as const;
export type Synchronous = (typeof SYNCHRONOUS_MODES)[number];

const MiB = 1024 * 1024;

export const DEFAULT_SYNC_SERVER_CONFIG: SyncServerConfig = {
  host: '127.0.0.1',
  port: 1234,
  dbPath: './data/evident.sqlite',
  // y-websocket sends a client's whole offline catch-up as one sync-step-2 frame, so the limit is
  // what one can clip offline before syncing again (~25,000 clips); 2 MiB stranded a client for good.
  maxFrameBytes: 32 * MiB,
  messagesPerSecond: { burst: 200, refillPerSecond: 100 },
  // About two commits' worth: the committer takes everything waiting into one transaction, so one
  // commit is in flight while the next fills. A commit of 256 clip-sized updates takes about 5 ms on
  // the build VM, 0.5 ms plus 18 µs per update (sync-server/README.md, "Flow control"). A quarter of
  // it per room, so one busy room leaves the others room.
  commitBacklog: { perRoom: { updates: 128, bytes: 4 * MiB }, total: { updates: 512, bytes: 16 * MiB } },
  preAuthTimeoutMs: 5000,
  maxLoadedDocs: 200,
  idleUnloadMs: 60_000,
  compaction: { maxEntries: 500, maxBytes: 8 * MiB, onUnloadEntries: 20 },
  allowedOrigins: ['chrome-extension://*', 'moz-extension://*'],
  keepaliveMs: 30_000,
  maxBufferedBytes: 32 * MiB,
  revocationCheckMs: 5000,
  logLevel: 'info',
  synchronous: 'full',
  historyDays: DEFAULT_HISTORY_DAYS,
  maxClipsDestroyedAtOnce: 50,
  // 1 GiB: ten times a 50,000-clip workspace (a 10,000-clip doc is 39 MB), so only a runaway writer meets it.
  workspaceQuotaBytes: 1024 * MiB,
  metricsHost: '127.0.0.1',
  // The port OpenTelemetry's Prometheus exporter uses by default, so a scrape config may already name it.
  metricsPort: 9464,
  trustProxy: false,
  databaseUrl: null,
  redisUrl: null,
};

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  // Fail loudly: a typo in a limit must not silently become the default.
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name}=${JSON.stringify(text)} is not a whole number ≥ 0`);
  return value;
}

type Backlog = SyncServerConfig['commitBacklog'];
const backlog = (current: Backlog | undefined, scope: keyof Backlog, change: Partial<Backlog[keyof Backlog]>): Backlog => {
  const base = current ?? DEFAULT_SYNC_SERVER_CONFIG.commitBacklog;
  return { ...base, [scope]: { ...base[scope], ...change } };
};

/** The settings given by EVIDENT_* variables (only those that are set). */
export function configFromEnv(env: Env = process.env): Partial<SyncServerConfig> {
  const defaults = DEFAULT_SYNC_SERVER_CONFIG;
  const out: Partial<SyncServerConfig> = {};
  if (env.EVIDENT_HOST) out.host = env.EVIDENT_HOST;
  if (env.EVIDENT_DB) out.dbPath = env.EVIDENT_DB;
  if (env.EVIDENT_LOG_LEVEL) out.logLevel = env.EVIDENT_LOG_LEVEL;
  if (env.EVIDENT_SYNCHRONOUS) {
    const mode = env.EVIDENT_SYNCHRONOUS.toLowerCase();
    if (!(SYNCHRONOUS_MODES as readonly string[]).includes(mode)) {
      throw new Error(`EVIDENT_SYNCHRONOUS=${JSON.stringify(env.EVIDENT_SYNCHRONOUS)} is not one of ${SYNCHRONOUS_MODES.join(', ')}`);
    }
    out.synchronous = mode as Synchronous;
  }
  if (env.EVIDENT_HISTORY_DAYS) {
    const days = Number(env.EVIDENT_HISTORY_DAYS);
    // A number of days, fractions allowed (a test's window is seconds long); a typo is refused, never taken as the default.
    if (!/^\d+(\.\d+)?$/.test(env.EVIDENT_HISTORY_DAYS.trim()) || !Number.isFinite(days)) {
      throw new Error(`EVIDENT_HISTORY_DAYS=${JSON.stringify(env.EVIDENT_HISTORY_DAYS)} is not a number of days ≥ 0`);
    }
    out.historyDays = days;
  }
  if (env.EVIDENT_TRUST_PROXY) {
    const flag = env.EVIDENT_TRUST_PROXY.toLowerCase();
    if (!['1', 'true', '0', 'false'].includes(flag)) throw new Error(`EVIDENT_TRUST_PROXY=${JSON.stringify(env.EVIDENT_TRUST_PROXY)} is not one of 1, true, 0, false`);
    out.trustProxy = flag === '1' || flag === 'true';
  }
  if (env.EVIDENT_METRICS_HOST) out.metricsHost = env.EVIDENT_METRICS_HOST;
  if (env.EVIDENT_DATABASE_URL) out.databaseUrl = env.EVIDENT_DATABASE_URL;
  if (env.EVIDENT_REDIS_URL) out.redisUrl = env.EVIDENT_REDIS_URL;
  if (env.EVIDENT_METRICS_PORT?.toLowerCase() === 'off') out.metricsPort = null;
  if (env.EVIDENT_ALLOWED_ORIGINS !== undefined) {
    out.allowedOrigins = env.EVIDENT_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  }
  const numbers: Array<[string, (n: number) => void]> = [
    ['EVIDENT_PORT', (n) => (out.port = n)],
    ['EVIDENT_MAX_FRAME_BYTES', (n) => (out.maxFrameBytes = n)],
    ['EVIDENT_PREAUTH_TIMEOUT_MS', (n) => (out.preAuthTimeoutMs = n)],
    ['EVIDENT_MAX_LOADED_DOCS', (n) => (out.maxLoadedDocs = n)],
    ['EVIDENT_IDLE_UNLOAD_MS', (n) => (out.idleUnloadMs = n)],
    ['EVIDENT_KEEPALIVE_MS', (n) => (out.keepaliveMs = n)],
    ['EVIDENT_REVOCATION_CHECK_MS', (n) => (out.revocationCheckMs = n)],
    ['EVIDENT_RATE_BURST', (n) => (out.messagesPerSecond = { ...(out.messagesPerSecond ?? defaults.messagesPerSecond), burst: n })],
    ['EVIDENT_RATE_PER_SECOND', (n) => (out.messagesPerSecond = { ...(out.messagesPerSecond ?? defaults.messagesPerSecond), refillPerSecond: n })],
    ['EVIDENT_BACKLOG_UPDATES', (n) => (out.commitBacklog = backlog(out.commitBacklog, 'total', { updates: n }))],
    ['EVIDENT_BACKLOG_BYTES', (n) => (out.commitBacklog = backlog(out.commitBacklog, 'total', { bytes: n }))],
    ['EVIDENT_ROOM_BACKLOG_UPDATES', (n) => (out.commitBacklog = backlog(out.commitBacklog, 'perRoom', { updates: n }))],
    ['EVIDENT_ROOM_BACKLOG_BYTES', (n) => (out.commitBacklog = backlog(out.commitBacklog, 'perRoom', { bytes: n }))],
    ['EVIDENT_COMPACT_ENTRIES', (n) => (out.compaction = { ...(out.compaction ?? defaults.compaction), maxEntries: n })],
    ['EVIDENT_MAX_CLIPS_DESTROYED', (n) => (out.maxClipsDestroyedAtOnce = n)],
    ['EVIDENT_WORKSPACE_QUOTA_BYTES', (n) => (out.workspaceQuotaBytes = n)],
    ['EVIDENT_METRICS_PORT', (n) => (out.metricsPort = n)],
    ['EVIDENT_COMPACT_BYTES', (n) => (out.compaction = { ...(out.compaction ?? defaults.compaction), maxBytes: n })],
  ];
  for (const [name, set] of numbers) {
    if (name === 'EVIDENT_METRICS_PORT' && out.metricsPort === null) continue;
    const value = positiveInteger(env, name);
    if (value !== undefined) set(value);
  }
  return out;
}

/** Defaults ← environment ← explicit settings (explicit `undefined` values are ignored). */
export function resolveSyncServerConfig(explicit: Partial<SyncServerConfig> = {}, env: Env = process.env): SyncServerConfig {
  const given = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
  const config = { ...DEFAULT_SYNC_SERVER_CONFIG, ...configFromEnv(env), ...given } as SyncServerConfig;
  if (config.maxFrameBytes < 1024) throw new Error(`maxFrameBytes ${config.maxFrameBytes} is too small to carry a sync message`);
  if (config.messagesPerSecond.burst < 1) throw new Error('messagesPerSecond.burst must be at least 1');
  // 0 would stop reading a socket for good once its burst is spent.
  if (config.messagesPerSecond.refillPerSecond < 1) throw new Error('messagesPerSecond.refillPerSecond must be at least 1');
  for (const [scope, bound] of Object.entries(config.commitBacklog)) {
    // 0 would never let an update in: every editor's socket would stop being read.
    if (bound.updates < 1 || bound.bytes < 1) throw new Error(`commitBacklog.${scope} must allow at least 1 update and 1 byte`);
  }
  if (config.maxLoadedDocs < 1) throw new Error('maxLoadedDocs must be at least 1');
  if (config.metricsPort !== null && config.metricsPort > 65535) throw new Error(`metricsPort ${config.metricsPort} is not a port number (0–65535)`);
  if (!(config.historyDays >= 0)) throw new Error('historyDays must be a number of days ≥ 0');
  if (config.revocationCheckMs < 1) throw new Error('revocationCheckMs must be at least 1 (revoked invites must not keep their sockets)');
  checkScaleOutUrls(config);
  return config;
}

/** The shapes of the scale-out URLs, before anything connects (whether they answer is checked when the server opens them). */
function checkScaleOutUrls({ databaseUrl, redisUrl }: SyncServerConfig): void {
  if (databaseUrl !== null) {
    const parsed = parseDatabaseUrl(databaseUrl);
    if (!parsed.ok) throw new DatabaseUrlError(parsed.error);
  }
  if (redisUrl !== null) {
    const parsed = parseRedisUrl(redisUrl);
    if (!parsed.ok) throw new Error(parsed.error);
    // Fan-out carries seqs the database gives: without the database, there is nothing to fan out.
    if (databaseUrl === null) throw new Error('EVIDENT_REDIS_URL is set but EVIDENT_DATABASE_URL is not: Redis carries updates between instances that share one PostgreSQL database');
  }
}

/** `chrome-extension://*` → a test for one origin. `*` stands for a host (letters, digits, dots, dashes). */
export function originMatcher(patterns: readonly string[]): (origin: string | undefined) => boolean {
  const regexes = patterns.map((pattern) =>
    pattern === '*'
      ? /^.*$/
      : new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[A-Za-z0-9.-]+')}$`),
  );
  return (origin) => origin === undefined || regexes.some((re) => re.test(origin));
}
