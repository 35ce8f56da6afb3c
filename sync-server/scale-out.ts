import { loadRevocations } from './auth/revocation-cache';
import type { SyncServerConfig } from './config';
import { fannedOutDocs } from './fanout/fanned-out-docs';
import { redactRedisUrl } from './fanout/redis-url';
import { startLogPolling } from './fanout/log-polling';
import { startRedisFanout, streamKeyPrefix, type RedisFanout } from './fanout/redis-streams';
import type { SyncMetrics } from './http/metrics';
import type { Logger } from './log';
import { historyMsOf } from './persistence/history-policy';
import { watchDatabaseHealth } from './persistence/pg/database-health';
import { redactDatabaseUrl } from './persistence/pg/database-url';
import { openPgStore } from './persistence/pg/pg-store';
import { openPgStoreWriter } from './persistence/pg/pg-store-writer';
import type { StoreWriter } from './persistence/store-writer';
import type { DocSource } from './rooms/doc-source';

/** Where committed updates from other instances go (the room manager, once it exists). */
export interface CommittedElsewhere {
  applyCommitted(workspace: string, updates: readonly Uint8Array[]): void;
  reload(workspace: string, why: string): void;
}

/** The server's storage when it runs as one of several instances: what server.ts wires in place of SQLite. */
export interface ScaleOut {
  /** What invites are checked against: the secret (EVIDENT_SECRET, else the database's), and the revocations as of the last refresh. */
  auth: { secret(): Uint8Array; isRevoked(jti: string): boolean };
  /** Reads the revocations made since the last call (before each revocation sweep). */
  refreshRevocations(): Promise<void>;
  docs: DocSource;
  writer: StoreWriter;
  /** Whether PostgreSQL answers now: /readyz says not ready while it does not. */
  readonly isDatabaseUp: boolean;
  /** The database and Redis, with passwords hidden, for the start-up line. */
  describe: string;
  /** Sends other instances' commits to the rooms. Until called, they are dropped (no room is loaded yet). */
  routeTo(target: CommittedElsewhere): void;
  close(): Promise<void>;
}

export interface ScaleOutOptions {
  config: Pick<SyncServerConfig, 'historyDays'> & { databaseUrl: string; redisUrl: string | null };
  secretFromEnv: string | undefined;
  metrics: SyncMetrics;
  log: Logger;
}

/** Redis trouble repeats every reconnect attempt (every 2 s while down): logged once, then at most this often. */
const REDIS_ERROR_LOG_EVERY_MS = 30_000;

/**
 * PostgreSQL as the log (persistence/pg/), Redis Streams for fan-out between instances (fanout/).
 * Opening checks EVIDENT_DATABASE_URL by connecting (DatabaseUrlError says why not) and brings the
 * schema up to date. Redis unreachable at start is not an error: the instance starts, polls
 * PostgreSQL for other instances' commits, and streams once Redis answers (logged either way).
 */
export async function openScaleOut({ config, secretFromEnv, metrics, log }: ScaleOutOptions): Promise<ScaleOut> {
  let health: ReturnType<typeof watchDatabaseHealth> | null = null;
  const store = await openPgStore(config.databaseUrl, {
    secretFromEnv,
    historyMs: historyMsOf(config.historyDays),
    onIdleError: (error) => {
      log.warn({ error: error.message }, 'PostgreSQL connection lost');
      health?.noteFailure(error);
    },
  });
  let target: CommittedElsewhere | null = null;
  let fanout: RedisFanout | null = null;
  let streamingGauge: ReturnType<typeof setInterval> | undefined;
  try {
    const secret = await store.secret();
    const revocations = await loadRevocations(store);
    health = watchDatabaseHealth(store, {
      onChange: (isUp, error) => {
        metrics.databaseUp.set(isUp ? 1 : 0);
        if (isUp) log.info('PostgreSQL answers again: ready');
        else log.error({ error: String(error) }, 'PostgreSQL does not answer: no update can be stored; not ready');
      },
    });
    metrics.databaseUp.set(1);
    // Committed updates this instance did not make: other instances', or a command's (restore, import).
    const committedElsewhere = {
      store,
      apply: (workspace: string, entries: Array<{ update: Uint8Array }>) => target?.applyCommitted(workspace, entries.map((entry) => entry.update)),
      onReloadNeeded: (workspace: string) => target?.reload(workspace, 'rows it had not applied were pruned by a compaction on another instance'),
      onError: (workspace: string, error: unknown) => log.warn({ workspace, error: String(error) }, 'fan-out could not read from PostgreSQL'),
      onReplayed: (_workspace: string, updates: number) => metrics.replayedUpdates.inc(updates),
    };
    if (!config.redisUrl) fanout = startLogPolling(committedElsewhere);
    else {
      let lastRedisErrorLog = 0;
      fanout = startRedisFanout({
        ...committedElsewhere,
        redisUrl: config.redisUrl,
        keyPrefix: streamKeyPrefix(await store.databaseId()),
        onStreamLag: (ms) => metrics.streamLagSeconds.observe(ms / 1000),
        onRedisError: (error) => {
          if (Date.now() - lastRedisErrorLog < REDIS_ERROR_LOG_EVERY_MS) return;
          lastRedisErrorLog = Date.now();
          log.warn({ error: error.message }, 'Redis unreachable: updates are still committed; other instances\' are polled from PostgreSQL');
        },
      });
      const streaming = fanout;
      let wasStreaming = false;
      streamingGauge = setInterval(() => {
        metrics.fanoutStreaming.set(streaming.isStreaming ? 1 : 0);
        if (streaming.isStreaming && !wasStreaming) log.info('Redis answers: streaming other instances\' updates');
        wasStreaming = streaming.isStreaming;
      }, 1_000);
      streamingGauge.unref();
    }
    const { docs, committed } = fannedOutDocs(store, fanout);
    const writer = openPgStoreWriter(store, {
      onCommit: (updates, seconds) => {
        metrics.commitBatchSize.observe(updates);
        metrics.commitSeconds.observe(seconds);
      },
      onCommitted: committed,
      onCompactionBusy: () => metrics.compactionsBusy.inc(),
    });
    const healthNow = health;
    const describe = `PostgreSQL ${redactDatabaseUrl(new URL(config.databaseUrl))}${config.redisUrl ? `, Redis ${redactRedisUrl(new URL(config.redisUrl))}` : ', no Redis (one instance)'}`;
    return {
      auth: { secret: () => secret, isRevoked: (jti) => revocations.isRevoked(jti) },
      refreshRevocations: () => revocations.refresh(),
      docs,
      // A failed commit says the database may be gone: not ready until a probe answers.
      writer: {
        ...writer,
        append: (workspace, update) =>
          writer.append(workspace, update).catch((error: unknown) => {
            healthNow.noteFailure(error);
            throw error;
          }),
        get failure() {
          return writer.failure;
        },
      },
      get isDatabaseUp() {
        return healthNow.isUp;
      },
      describe,
      routeTo(next) {
        target = next;
      },
      async close() {
        clearInterval(streamingGauge);
        await writer.close();
        await fanout?.close();
        healthNow.stop();
        await store.close();
      },
    };
  } catch (e) {
    clearInterval(streamingGauge);
    health?.stop();
    await fanout?.close();
    await store.close();
    throw e;
  }
}
