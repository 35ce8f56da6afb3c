import { Redis } from 'ioredis';
import type { PgSyncStore } from '../persistence/pg/types';
import { DocumentFeed, feedDepsOf, type CommittedEntry, type DocumentFeedDeps } from './document-feed';
import { watchHeads } from './head-watch';

/**
 * Fan-out between server instances over Redis Streams. After a commit, the instance that made it
 * XADDs `{seq, update}` to the document's stream (trimmed to about `streamMaxLen`). Each instance
 * runs one blocking XREAD over the streams of every document it has loaded, and hands what arrives
 * to that document's feed, which applies strictly by seq and reads any gap from PostgreSQL
 * (document-feed.ts). Correctness comes from seq and the log, not from Redis: Redis only makes it fast.
 *
 * - Joining: `subscribe` notes the stream's current end first, then the caller loads the snapshot
 *   and the rows after it and calls `feed.loaded(lastSeq)`; entries in between are skipped by seq.
 * - Redis unreachable: writes still commit (a failed XADD is only logged), and the instance polls
 *   PostgreSQL for its documents (with jitter, so instances do not poll in step) until XREAD works
 *   again, then catches up once by seq and streams on.
 * - A lost XADD (Redis restarted or flushed between COMMIT and XADD): every `reconcileMs` the heads
 *   of the loaded documents are read; a document still behind a head seen one round earlier is
 *   caught up from PostgreSQL.
 */
export interface RedisFanout {
  /** Starts receiving the document's updates; load it after this resolves, then call `loaded(lastSeq)` on the feed. */
  subscribe(workspace: string): Promise<DocumentFeed>;
  unsubscribe(workspace: string): void;
  /** After COMMIT: tells the other instances. Never throws or waits for Redis. */
  publish(workspace: string, seq: number, update: Uint8Array): void;
  /** Whether updates arrive through Redis now (false: polling PostgreSQL). */
  readonly isStreaming: boolean;
  close(): Promise<void>;
}

export interface RedisFanoutOptions extends Pick<DocumentFeedDeps, 'apply' | 'onReloadNeeded' | 'onError' | 'onReplayed'> {
  redisUrl: string;
  store: Pick<PgSyncStore, 'readUpdatesAfter' | 'headSeqs'>;
  /** Entries kept per stream (approximately: MAXLEN ~). Default 10,000. */
  streamMaxLen?: number;
  /** How long one XREAD blocks before it is issued again. Default 5 s. */
  blockMs?: number;
  /** How often documents are polled from PostgreSQL while Redis is unreachable (± half, at random). Default 1 s. */
  pollMs?: number;
  /** How often the loaded documents' heads are compared with what they hold. Default 5 s. */
  reconcileMs?: number;
  /** See DocumentFeedDeps.holeGraceMs. Default 250 ms. */
  holeGraceMs?: number;
  /** Stream keys are this + the workspace. The server's carries the database's id (PgSyncStore.databaseId). */
  keyPrefix: string;
  /** Redis trouble (logged by the caller; the fan-out degrades, never throws). */
  onRedisError?: (error: Error) => void;
  /** For each entry read from a stream: how long after its XADD (the entry id's time) it arrived, in ms (a metric: stream lag). */
  onStreamLag?: (ms: number) => void;
}

/** Stream keys of the documents of one database (PgSyncStore.databaseId): `prefix + workspace`. */
export const streamKeyPrefix = (databaseId: string) => `evident:${databaseId}:`;

const DEFAULT_STREAM_MAX_LEN = 10_000;

/** XADDs one committed update to its document's stream, trimmed to about `maxLen` entries. */
export function addCommitted(redis: Redis, key: string, seq: number, update: Uint8Array, maxLen = DEFAULT_STREAM_MAX_LEN): Promise<string | null> {
  const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
  return redis.xadd(key, 'MAXLEN', '~', maxLen, '*', 's', String(seq), 'u', data);
}

/** The id before every entry: a stream read from here returns all it holds. */
const STREAM_START = '0-0';

export function startRedisFanout(options: RedisFanoutOptions): RedisFanout {
  const prefix = options.keyPrefix;
  const blockMs = options.blockMs ?? 5_000;
  const pollMs = options.pollMs ?? 1_000;
  const onRedisError = (error: Error) => options.onRedisError?.(error);
  const retryStrategy = (attempt: number) => Math.min(50 * 2 ** attempt, 2_000);
  // RESP2: XREAD's reply as nested arrays. The reader blocks, so commands never share its connection.
  const reader = new Redis(options.redisUrl, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy });
  // Commands fail at once while disconnected rather than queue: a commit never waits for Redis.
  const writer = new Redis(options.redisUrl, { protocol: 2, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
  reader.on('error', onRedisError);
  writer.on('error', onRedisError);

  const feeds = new Map<string, DocumentFeed>();
  /** Stream key → the id of the last entry read. */
  const positions = new Map<string, string>();
  const keyOf = (workspace: string) => prefix + workspace;
  let isClosed = false;
  let isStreaming = false;
  /** Reads failed since the last good one: the next good one is followed by a catch-up from PostgreSQL. */
  let isRecovering = false;
  let readerId: number | null = null;
  reader.on('close', () => (readerId = null));
  /** Bumped when the set of streams changes: a read over an older set is interrupted. */
  let generation = 0;
  let readingGeneration = -1;
  let wakeIdle: (() => void) | null = null;

  const feedDeps = feedDepsOf(options);

  /** A writer still connecting is waited for a moment (not while Redis is down: then a subscribe reads the stream from its start). */
  const writerReady = () =>
    writer.status === 'ready' || writer.status === 'end'
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(done, 1_000);
          function done() {
            clearTimeout(timer);
            writer.off('ready', done);
            resolve();
          }
          writer.once('ready', done);
        });

  /** Interrupts a blocking XREAD issued before the streams changed (CLIENT UNBLOCK answers it as a timeout). */
  const interruptRead = async () => {
    generation++;
    wakeIdle?.();
    for (let attempt = 0; attempt < 20 && readingGeneration !== -1 && readingGeneration < generation; attempt++) {
      if (readerId !== null && Number(await writer.client('UNBLOCK', readerId).catch(() => 0)) === 1) return;
      // Not blocked yet (the XREAD is still on its way): try again in a moment.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const entriesOf = (fields: Buffer[]): CommittedEntry | null => {
    let seq = 0;
    let update: Buffer | null = null;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const name = fields[i]!.toString();
      if (name === 's') seq = Number(fields[i + 1]!.toString());
      else if (name === 'u') update = fields[i + 1]!;
    }
    return Number.isSafeInteger(seq) && seq > 0 && update ? { seq, update } : null;
  };

  const readOnce = async () => {
    if (readerId === null) readerId = Number(await reader.client('ID'));
    const keys = [...feeds.keys()].map(keyOf);
    readingGeneration = generation;
    const reply = (await reader.callBuffer(
      'XREAD', 'COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', ...keys, ...keys.map((key) => positions.get(key) ?? STREAM_START),
    )) as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
    readingGeneration = -1;
    isStreaming = true;
    if (isRecovering) {
      isRecovering = false;
      // Back from polling: whatever the stream no longer holds is read by seq.
      for (const feed of feeds.values()) void feed.catchUp();
    }
    for (const [key, items] of reply ?? []) {
      const name = key.toString();
      if (!items.length) continue;
      positions.set(name, items.at(-1)![0].toString());
      if (options.onStreamLag) {
        const now = Date.now();
        // An entry id is "<ms of the XADD on the Redis server>-<n>".
        for (const [id] of items) options.onStreamLag(Math.max(0, now - Number(id.toString().split('-')[0])));
      }
      const feed = feeds.get(name.slice(prefix.length));
      const entries = items.map(([, fields]) => entriesOf(fields)).filter((entry): entry is CommittedEntry => entry !== null);
      if (feed && entries.length) feed.receive(entries);
    }
  };

  const pollStore = () => {
    for (const feed of feeds.values()) void feed.catchUp();
  };

  const readLoop = async () => {
    while (!isClosed) {
      if (feeds.size === 0) {
        await new Promise<void>((resolve) => (wakeIdle = resolve));
        wakeIdle = null;
        continue;
      }
      try {
        if (reader.status === 'wait') await reader.connect();
        await readOnce();
      } catch (error) {
        readingGeneration = -1;
        if (isClosed) return;
        onRedisError(error as Error);
        isStreaming = false;
        isRecovering = true;
        pollStore();
        // Polls PostgreSQL meanwhile: every pollMs, ± half at random.
        await new Promise((resolve) => setTimeout(resolve, pollMs * (0.5 + Math.random())));
      }
    }
  };
  const loop = readLoop();

  // A lost XADD (Redis restarted or flushed between a COMMIT and its XADD) is found by the heads.
  const stopWatchingHeads = watchHeads(feeds, options.store, options.reconcileMs ?? 5_000, (error) => options.onError('*', error));

  return {
    async subscribe(workspace) {
      const existing = feeds.get(workspace);
      if (existing) return existing;
      const key = keyOf(workspace);
      await writerReady();
      // The stream's end now: entries after it are read; those before are in what the caller loads next.
      const last = (await writer.xrevrange(key, '+', '-', 'COUNT', 1).catch(() => null)) as Array<[string, string[]]> | null;
      positions.set(key, last?.[0]?.[0] ?? STREAM_START);
      const feed = new DocumentFeed(workspace, feedDeps);
      feeds.set(workspace, feed);
      void interruptRead();
      return feed;
    },
    unsubscribe(workspace) {
      const feed = feeds.get(workspace);
      if (!feed) return;
      feed.close();
      feeds.delete(workspace);
      positions.delete(keyOf(workspace));
      void interruptRead();
    },
    publish(workspace, seq, update) {
      addCommitted(writer, keyOf(workspace), seq, update, options.streamMaxLen).catch((error: Error) => onRedisError(error));
    },
    get isStreaming() {
      return isStreaming;
    },
    async close() {
      isClosed = true;
      stopWatchingHeads();
      for (const feed of feeds.values()) feed.close();
      feeds.clear();
      wakeIdle?.();
      reader.disconnect();
      writer.disconnect();
      await loop;
    },
  };
}
