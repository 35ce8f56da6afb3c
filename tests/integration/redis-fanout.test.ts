import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentFeed } from '../../sync-server/fanout/document-feed';
import { startRedisFanout, type RedisFanout } from '../../sync-server/fanout/redis-streams';
import { createPgCommitQueue } from '../../sync-server/persistence/pg/commit-queue';
import { openPgStore } from '../../sync-server/persistence/pg/pg-store';
import type { PgSyncStore } from '../../sync-server/persistence/pg/types';
import { usePostgresServer } from './helpers/pg-test-database';
import { startRedis, type RedisServer } from './helpers/redis-server';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

const postgres = usePostgresServer();
let redis: RedisServer | null = null;
beforeAll(async () => {
  redis = await startRedis();
  console.info(`Redis test server on ${redis.url}: start ${redis.startupMs} ms`);
}, 30_000);
afterAll(() => redis?.dispose());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const WS = 'wsx-fanout';

/**
 * A server instance as the fan-out sees it: a doc per workspace, loaded subscribe-first; its own
 * writes applied, committed, then published; other instances' commits applied as the feed delivers them.
 */
async function startInstance(databaseUrl: string) {
  const store: PgSyncStore = await openPgStore(databaseUrl, { max: 4 });
  const queue = createPgCommitQueue(store);
  const docs = new Map<string, Y.Doc>();
  const feeds = new Map<string, DocumentFeed>();
  /** Seqs of other instances' commits, in the order applied. */
  const received = new Map<string, number[]>();
  const own = new Map<string, number[]>();
  const errors: unknown[] = [];
  const replayed = { updates: 0 };
  const lags: number[] = [];
  const fanout: RedisFanout = startRedisFanout({
    redisUrl: redis!.url,
    keyPrefix: `evident:${await store.databaseId()}:`,
    store,
    apply(workspace, entries) {
      for (const { seq, update } of entries) {
        Y.applyUpdate(docs.get(workspace)!, update, 'remote');
        received.get(workspace)!.push(seq);
      }
    },
    onReloadNeeded: (workspace) => errors.push(new Error(`reload needed: ${workspace}`)),
    onError: (_workspace, error) => errors.push(error),
    onReplayed: (_workspace, updates) => (replayed.updates += updates),
    onStreamLag: (ms) => lags.push(ms),
    pollMs: 200,
    reconcileMs: 1_000,
    holeGraceMs: 100,
    blockMs: 2_000,
  });
  closers.push(async () => {
    await fanout.close();
    await store.close();
  });
  return {
    fanout,
    store,
    received,
    own,
    errors,
    replayed,
    lags,
    doc: (workspace: string) => docs.get(workspace)!,
    async open(workspace: string) {
      const feed = await fanout.subscribe(workspace);
      const loaded = await store.loadDoc(workspace);
      docs.set(workspace, docOf(loaded.updates, loaded.snapshot));
      received.set(workspace, []);
      own.set(workspace, []);
      feeds.set(workspace, feed);
      feed.loaded(loaded.lastSeq);
      return loaded.lastSeq;
    },
    async write(workspace: string, update: Uint8Array, { publish = true } = {}) {
      Y.applyUpdate(docs.get(workspace)!, update, 'local');
      const { seq } = await queue.append(workspace, update);
      own.get(workspace)!.push(seq);
      feeds.get(workspace)!.committedHere(seq);
      if (publish) fanout.publish(workspace, seq, update);
      return seq;
    },
  };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function redisCommand(...args: string[]): Promise<unknown> {
  const client = new Redis(redis!.url, { protocol: 2 });
  try {
    return await client.call(args[0]!, ...args.slice(1));
  } finally {
    client.disconnect();
  }
}

const sameDoc = (a: Y.Doc, b: Y.Doc) => docContent(a, WS) === docContent(b, WS);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('fan-out over Redis Streams', () => {
  it("delivers each of one instance's commits to the other once, in seq order", async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await a.open(WS);
    await b.open(WS);
    const updates = firstUpdates(21, WS, 60);
    for (let i = 0; i < updates.length; i += 6) await Promise.all(updates.slice(i, i + 6).map((u) => a.write(WS, u)));
    await waitUntil(() => b.received.get(WS)!.length === 60, 'B to receive 60 updates');
    expect(b.received.get(WS)).toEqual(range(1, 60));
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
    expect(b.fanout.isStreaming).toBe(true);
    expect(b.replayed.updates).toBe(0);
    expect(b.lags.length).toBeGreaterThanOrEqual(60);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("with both instances writing one document, each applies only the other's commits, every seq once", async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    const [fromA, fromB] = [firstUpdates(31, WS, 40), firstUpdates(32, WS, 40)];
    for (let i = 0; i < 40; i += 4) {
      await Promise.all([...fromA.slice(i, i + 4).map((u) => a.write(WS, u)), ...fromB.slice(i, i + 4).map((u) => b.write(WS, u))]);
    }
    await waitUntil(() => a.received.get(WS)!.length + a.own.get(WS)!.length === 80 && b.received.get(WS)!.length + b.own.get(WS)!.length === 80, 'both to hold 80');
    for (const instance of [a, b]) {
      const received = instance.received.get(WS)!;
      expect(received).toEqual([...received].sort((x, y) => x - y));
      expect([...received, ...instance.own.get(WS)!].sort((x, y) => x - y)).toEqual(range(1, 80));
    }
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
  });

  it('a joining instance subscribes, then loads: nothing committed meanwhile is lost', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await a.open(WS);
    const updates = firstUpdates(41, WS, 120);
    const writing = (async () => {
      for (const update of updates) {
        await a.write(WS, update);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await waitUntil(() => a.own.get(WS)!.length >= 40, 'A to have written 40');
    const loadedThrough = await b.open(WS);
    await writing;
    await waitUntil(() => b.received.get(WS)!.length === 120 - loadedThrough, 'B to receive the rest');
    expect(b.received.get(WS)).toEqual(range(loadedThrough + 1, 120));
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
  });

  it('serves a document subscribed while the read blocks at once, not after the block times out', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    await new Promise((resolve) => setTimeout(resolve, 100)); // B's XREAD over WS alone is blocking now
    const later = 'wsx-later';
    await Promise.all([a.open(later), b.open(later)]);
    const started = Date.now();
    await a.write(later, firstUpdates(95, later, 1)[0]!);
    // The block is 2 s here: the read was interrupted (CLIENT UNBLOCK) and issued again over both streams.
    await waitUntil(() => b.received.get(later)!.length === 1, 'B to receive the new document', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(b.replayed.updates).toBe(0);
  });

  it('fills from PostgreSQL the entries the stream does not carry', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    const updates = firstUpdates(51, WS, 12);
    for (const [i, update] of updates.entries()) await a.write(WS, update, { publish: i < 3 || i > 7 });
    await waitUntil(() => b.received.get(WS)!.length === 12, 'B to receive 12');
    expect(b.received.get(WS)).toEqual(range(1, 12));
    expect(b.replayed.updates).toBe(5);
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
  });

  it("reads a commit it was never sent once its own later commit shows the hole", async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    const [first, second] = firstUpdates(61, WS, 2) as [Uint8Array, Uint8Array];
    expect(await a.write(WS, first, { publish: false })).toBe(1);
    expect(await b.write(WS, second)).toBe(2);
    await waitUntil(() => b.received.get(WS)!.length === 1, 'B to read seq 1', 3_000);
    expect(b.received.get(WS)).toEqual([1]);
  });

  it('catches up on commits whose XADD was lost, with no later traffic to show the gap (heads reconciled)', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    for (const update of firstUpdates(81, WS, 5)) await a.write(WS, update, { publish: false });
    // Two reconcile rounds (1 s each here): the first sees the head, the second finds B still behind it.
    await waitUntil(() => b.received.get(WS)!.length === 5, 'B to catch up from the heads', 5_000);
    expect(b.received.get(WS)).toEqual(range(1, 5));
  });

  it('FLUSHALL loses the streams, not the updates: fan-out resumes, and what it lost is read by seq', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    const updates = firstUpdates(91, WS, 20);
    for (const update of updates.slice(0, 10)) await a.write(WS, update);
    await waitUntil(() => b.received.get(WS)!.length === 10, 'B to receive 10');
    await redisCommand('FLUSHALL');
    for (const update of updates.slice(10)) await a.write(WS, update);
    await waitUntil(() => b.received.get(WS)!.length === 20, 'B to receive the 10 after FLUSHALL');
    expect(b.received.get(WS)).toEqual(range(1, 20));
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
  });

  it('Redis stopped: commits go on and reach the other instance from PostgreSQL; streaming resumes when it is back', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await startInstance(url), await startInstance(url)];
    await Promise.all([a.open(WS), b.open(WS)]);
    const updates = firstUpdates(71, WS, 30);
    for (const update of updates.slice(0, 10)) await a.write(WS, update);
    await waitUntil(() => b.received.get(WS)!.length === 10, 'B to receive the first 10');

    await redis!.stopServer('SIGKILL');
    for (const update of updates.slice(10, 20)) await a.write(WS, update);
    await waitUntil(() => b.received.get(WS)!.length === 20, 'B to poll the next 10 from PostgreSQL');
    expect(b.fanout.isStreaming).toBe(false);

    await redis!.startServer();
    await waitUntil(() => b.fanout.isStreaming, 'B to stream again');
    for (const update of updates.slice(20)) await a.write(WS, update);
    await waitUntil(() => b.received.get(WS)!.length === 30, 'B to receive the last 10');
    expect(b.received.get(WS)).toEqual(range(1, 30));
    expect(sameDoc(a.doc(WS), b.doc(WS))).toBe(true);
  }, 60_000);
});
