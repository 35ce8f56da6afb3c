import { secretFromEnv } from './auth/secret';
import type { SyncServerConfig } from './config';
import type { SyncMetrics } from './http/metrics';
import type { Logger } from './log';
import { historyMsOf } from './persistence/history-policy';
import { openSqliteStore } from './persistence/sqlite-store';
import { openStoreWriter, type StoreWriter } from './persistence/store-writer';
import type { SyncStore } from './persistence/types';
import { sqliteDocSource, type DocSource } from './rooms/doc-source';
import { openScaleOut, type CommittedElsewhere } from './scale-out';

/** What the server stores through, whichever store the configuration chose. */
export interface Storage {
  /** What invites and reviewer sessions are checked against (the signing secret, revocations). */
  auth: Pick<SyncStore, 'secret' | 'isRevoked'>;
  /** Where rooms load from. */
  docs: DocSource;
  /** Where rooms commit to (group commit) and ask for compactions. */
  writer: StoreWriter;
  /** SQLite only: the store the running-server record is kept in (null on PostgreSQL). */
  sqlite: SyncStore | null;
  /** Whether updates can be stored now (PostgreSQL answers; SQLite: always). */
  canStore(): boolean;
  /** Before each revocation sweep: reads revocations other instances made (PostgreSQL). */
  refreshRevocations?: () => Promise<void>;
  /** Where other instances' commits go (PostgreSQL with Redis; nothing to route for SQLite). */
  routeTo(target: CommittedElsewhere): void;
  /** The database, as the start-up line names it. */
  describe: string;
  close(): Promise<void>;
}

export interface StorageOptions {
  config: SyncServerConfig;
  metrics: SyncMetrics;
  log: Logger;
  /** SQLite only: a store and writer the caller opened, and closes (tests). */
  givenStore?: SyncStore;
  givenWriter?: StoreWriter;
  /** The SQLite store writer stopped: nothing more can be stored (serve exits for its supervisor). */
  onWriterFailure: (error: Error) => void;
}

/**
 * SQLite at `dbPath` (the default: one machine), or PostgreSQL and Redis when EVIDENT_DATABASE_URL
 * (and EVIDENT_REDIS_URL) are set (scale-out.ts: several instances).
 */
export async function openStorage({ config, metrics, log, givenStore, givenWriter, onWriterFailure }: StorageOptions): Promise<Storage> {
  const { databaseUrl } = config;
  if (databaseUrl !== null) {
    if (givenStore || givenWriter) throw new Error('a given SQLite store or writer cannot be used with EVIDENT_DATABASE_URL');
    const scaleOut = await openScaleOut({ config: { ...config, databaseUrl }, secretFromEnv: secretFromEnv(), metrics, log });
    return {
      auth: scaleOut.auth,
      docs: scaleOut.docs,
      writer: scaleOut.writer,
      sqlite: null,
      canStore: () => scaleOut.isDatabaseUp,
      refreshRevocations: () => scaleOut.refreshRevocations(),
      routeTo: (target) => scaleOut.routeTo(target),
      describe: scaleOut.describe,
      close: () => scaleOut.close(),
    };
  }
  // A store passed in belongs to the caller, who closes it; one opened here is closed here.
  const store = givenStore ?? openSqliteStore(config.dbPath, { secretFromEnv: secretFromEnv() });
  let writer: StoreWriter;
  try {
    writer =
      givenWriter ??
      (await openStoreWriter(config.dbPath, {
        synchronous: config.synchronous,
        historyMs: historyMsOf(config.historyDays),
        onCommit: (updates, seconds) => {
          metrics.commitBatchSize.observe(updates);
          metrics.commitSeconds.observe(seconds);
        },
        onFailure: (error) => {
          log.fatal({ error: error.message }, 'store writer stopped: updates can no longer be stored');
          onWriterFailure(error);
        },
      }));
  } catch (e) {
    if (!givenStore) store.close();
    throw e;
  }
  return {
    auth: store,
    docs: sqliteDocSource(store),
    writer,
    sqlite: store,
    canStore: () => writer.failure === null,
    routeTo() {},
    describe: config.dbPath,
    async close() {
      if (!givenWriter) await writer.close(); // commits what is queued, compactions included
      if (!givenStore) store.close();
    },
  };
}
