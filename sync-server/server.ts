import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveSyncServerConfig, type SyncServerConfig } from './config';
import { serveHealth } from './http/health';
import { createSyncMetrics } from './http/metrics';
import { listenForMetrics, type MetricsListener } from './http/metrics-listener';
import { createPackPage } from './http/pack-page';
import { guardPreAuth, httpTimeouts } from './http/pre-auth-timeout';
import { createLogger } from './log';
import type { StoreWriter } from './persistence/store-writer';
import type { SyncStore } from './persistence/types';
import { CommitBacklog } from './rooms/commit-backlog';
import { RoomManager } from './rooms/room-manager';
import { startRevocationSweep } from './rooms/revocation-sweep';
import { openStorage } from './storage';
import { createSyncEndpoint } from './sync-endpoint';

/**
 * `store` (reads) and `writer` (group-committed writes and compactions, on worker threads) are opened on `dbPath`
 * unless given; given ones belong to the caller, who closes them.
 */
export type StartOptions = Partial<SyncServerConfig> & { host: string; port: number; dbPath: string; store?: SyncStore; writer?: StoreWriter };

export interface RunningSyncServer {
  url: string;
  port: number;
  /** Graceful shutdown: not ready, stop accepting, close sockets with 4503, flush rooms, drain the writer, close the store. */
  close(): Promise<void>;
  /**
   * Settles if the store writer this server opened stops (a worker died): no update can be stored
   * from then on, so `evident-sync serve` shuts down and exits 1 for its supervisor to restart it.
   */
  failed: Promise<Error>;
  /** How the log's commits reach the disk (config.ts `synchronous`), as the committer's SQLite connection reports it. */
  synchronous: string;
  /** The database it stores in: the SQLite file, or PostgreSQL (and Redis) with passwords hidden. */
  database: string;
  /** Where `/metrics` is served (its own listener, loopback by default), or null when it is off. */
  metricsUrl: string | null;
}

/** Wiring only: config → store → rooms → HTTP + WebSocket server (README.md in this folder). */
export async function startSyncServer({ store: givenStore, writer: givenWriter, ...options }: StartOptions): Promise<RunningSyncServer> {
  const config = resolveSyncServerConfig(options);
  const log = createLogger(config.logLevel);
  const metrics = createSyncMetrics();
  let reportFailure!: (error: Error) => void;
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
  // SQLite at dbPath, or PostgreSQL (+ Redis) when EVIDENT_DATABASE_URL is set.
  const storage = await openStorage({ config, metrics, log, givenStore, givenWriter, onWriterFailure: (error) => reportFailure(error) });
  const { auth, writer, sqlite: store } = storage;
  const backlog = new CommitBacklog(config.commitBacklog, {
    onChange: ({ updates, bytes }) => {
      metrics.commitBacklogUpdates.set(updates);
      metrics.commitBacklogBytes.set(bytes);
    },
  });
  const rooms = new RoomManager({ docs: storage.docs, writer, backlog, metrics, log, config });
  storage.routeTo(rooms);
  const revocations = startRevocationSweep({
    store: auth,
    refresh: storage.refreshRevocations,
    connections: () => rooms.connections(),
    intervalMs: config.revocationCheckMs,
    log,
  });
  // The reviewer's pack, rendered by a worker from the database (SQLite's file, or PostgreSQL).
  const packPage = createPackPage({ store: auth, refreshRevocations: storage.refreshRevocations, config, metrics, log });
  let isReady = false;
  const server = createServer(httpTimeouts(config.preAuthTimeoutMs), (req, res) => {
    const health = {
      isLive: () => writer.failure === null,
      isReady: () => isReady && storage.canStore(),
      notReadyBecause: () => (isReady ? 'cannot store updates now' : 'shutting down'),
    };
    if (serveHealth(health, req, res) || packPage.serve(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  const preAuth = guardPreAuth(server, config.preAuthTimeoutMs);
  const endpoint = createSyncEndpoint({ config, store: auth, rooms, metrics, log, preAuth });
  server.on('upgrade', (req, socket, head) => void endpoint.handleUpgrade(req, socket, head));

  let metricsListener: MetricsListener | null = null;
  try {
    if (config.metricsPort !== null) metricsListener = await listenForMetrics(metrics, config.metricsHost, config.metricsPort);
  } catch (e) {
    revocations.stop();
    await packPage.close();
    await storage.close();
    throw e;
  }
  server.listen(config.port, config.host);
  await once(server, 'listening');
  isReady = true;
  const { port } = server.address() as AddressInfo;
  const url = `ws://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, database: storage.describe, synchronous: writer.synchronous }, 'listening');
  // So `evident-sync restore` (and the other commands that change a workspace) send their change
  // through this server, as a client, instead of writing under the rooms it has loaded.
  store?.recordRunningServer({ url, pid: process.pid, startedAt: Date.now() });

  let closing: Promise<void> | null = null;
  const shutDown = async () => {
    isReady = false;
    revocations.stop(); // before the store closes
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await endpoint.closeAll();
    await packPage.close();
    await metricsListener?.close();
    rooms.flushAll();
    if (store?.runningServer()?.pid === process.pid) store.recordRunningServer(null);
    await storage.close(); // commits what is queued, compactions included
    server.closeAllConnections();
    await stopped;
    log.info('stopped');
  };
  return {
    url,
    port,
    close: () => (closing ??= shutDown()),
    failed,
    synchronous: writer.synchronous,
    database: storage.describe,
    metricsUrl: metricsListener?.url ?? null,
  };
}
