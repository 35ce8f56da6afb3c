import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveSyncServerConfig, type SyncServerConfig } from './config';
import { serveHealth } from './http/health';
import { createSyncMetrics, serveMetrics } from './http/metrics';
import { createPackPage } from './http/pack-page';
import { guardPreAuth, httpTimeouts } from './http/pre-auth-timeout';
import { createLogger } from './log';
import { openSqliteStore } from './persistence/sqlite-store';
import { openStoreWriter, type StoreWriter } from './persistence/store-writer';
import type { SyncStore } from './persistence/types';
import { CommitBacklog } from './rooms/commit-backlog';
import { RoomManager } from './rooms/room-manager';
import { startRevocationSweep } from './rooms/revocation-sweep';
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
}

/** Wiring only: config → store → rooms → HTTP + WebSocket server (README.md in this folder). */
export async function startSyncServer({ store: givenStore, writer: givenWriter, ...options }: StartOptions): Promise<RunningSyncServer> {
  const config = resolveSyncServerConfig(options);
  const log = createLogger(config.logLevel);
  const metrics = createSyncMetrics();
  // A store passed in belongs to the caller, who closes it; one opened here is closed here.
  const store = givenStore ?? openSqliteStore(config.dbPath, { secretFromEnv: process.env.EVIDENT_SECRET || undefined });
  let writer: StoreWriter;
  let reportFailure!: (error: Error) => void;
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
  try {
    writer =
      givenWriter ??
      (await openStoreWriter(config.dbPath, {
        synchronous: config.synchronous,
        onCommit: (updates, seconds) => {
          metrics.commitBatchSize.observe(updates);
          metrics.commitSeconds.observe(seconds);
        },
        onFailure: (error) => {
          log.fatal({ error: error.message }, 'store writer stopped: updates can no longer be stored');
          reportFailure(error);
        },
      }));
  } catch (e) {
    if (!givenStore) store.close();
    throw e;
  }
  const backlog = new CommitBacklog(config.commitBacklog, {
    onChange: ({ updates, bytes }) => {
      metrics.commitBacklogUpdates.set(updates);
      metrics.commitBacklogBytes.set(bytes);
    },
  });
  const rooms = new RoomManager({ store, writer, backlog, metrics, log, config });
  const revocations = startRevocationSweep({ store, connections: () => rooms.connections(), intervalMs: config.revocationCheckMs, log });
  const packPage = createPackPage({ store, config, metrics, log });
  let isReady = false;
  const server = createServer(httpTimeouts(config.preAuthTimeoutMs), (req, res) => {
    const health = { isLive: () => writer.failure === null, isReady: () => isReady };
    if (serveHealth(health, req, res) || serveMetrics(metrics, req, res) || packPage.serve(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  const preAuth = guardPreAuth(server, config.preAuthTimeoutMs);
  const endpoint = createSyncEndpoint({ config, store, rooms, metrics, log, preAuth });
  server.on('upgrade', (req, socket, head) => void endpoint.handleUpgrade(req, socket, head));

  server.listen(config.port, config.host);
  await once(server, 'listening');
  isReady = true;
  const { port } = server.address() as AddressInfo;
  const url = `ws://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, dbPath: config.dbPath, synchronous: writer.synchronous }, 'listening');

  let closing: Promise<void> | null = null;
  const shutDown = async () => {
    isReady = false;
    revocations.stop(); // before the store closes
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await endpoint.closeAll();
    await packPage.close();
    rooms.flushAll();
    if (!givenWriter) await writer.close(); // commits what is queued, compactions included
    if (!givenStore) store.close();
    server.closeAllConnections();
    await stopped;
    log.info('stopped');
  };
  return { url, port, close: () => (closing ??= shutDown()), failed, synchronous: writer.synchronous };
}
