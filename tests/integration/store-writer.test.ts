import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../sync-server/persistence/migrations';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { openStoreWriter, type StoreWriter } from '../../sync-server/persistence/store-writer';
import { eventually } from './helpers/sync-clients';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';
import { exitWorkerThreadHere } from './helpers/worker-inspector';

// The store writer as the server uses it: a real worker thread (loaded through tsx, as from the
// bin), its own connection, and the test reading the same file through a second one.
let dir: string;
let dbPath: string;
const writers: StoreWriter[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-writer-'));
  dbPath = join(dir, 'evident.sqlite');
});
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(batches: number[] = [], checkpointEveryMs?: number): Promise<StoreWriter> {
  const writer = await openStoreWriter(dbPath, { onCommit: (updates) => batches.push(updates), checkpointEveryMs });
  writers.push(writer);
  return writer;
}

function stored<T>(read: (store: ReturnType<typeof openSqliteStore>) => T): T {
  const store = openSqliteStore(dbPath);
  try {
    return read(store);
  } finally {
    store.close();
  }
}

describe('the store writer (group commit on a worker thread)', () => {
  it('commits updates handed over in one turn together, answers in order, and stores them in order per workspace', async () => {
    const batches: number[] = [];
    const writer = await open(batches);
    const a = firstUpdates(1, 'wsx-ilacs', 30);
    const b = firstUpdates(2, 'st-helens', 20);
    const answered: string[] = [];
    const pending = [...a.map((u, i) => ['wsx-ilacs', u, i] as const), ...b.map((u, i) => ['st-helens', u, i] as const)]
      .sort(([, , i], [, , j]) => i - j) // interleaved, as two rooms' traffic would be
      .map(([workspace, update, i]) => writer.append(workspace, update).then((result) => (answered.push(`${workspace}:${i}`), result)));
    const results = await Promise.all(pending);

    expect(batches).toEqual([50]); // one transaction, one fsync
    expect(answered).toEqual(
      [...a.map((_, i) => ['wsx-ilacs', i] as const), ...b.map((_, i) => ['st-helens', i] as const)]
        .sort(([, i], [, j]) => i - j)
        .map(([workspace, i]) => `${workspace}:${i}`),
    );
    const ilacs = results.filter((_, k) => answered[k]!.startsWith('wsx-ilacs'));
    expect(ilacs.map((r) => r.seq)).toEqual(a.map((_, i) => i + 1));
    expect(ilacs.at(-1)).toEqual({ seq: 30, entries: 30, bytes: a.reduce((n, u) => n + u.byteLength, 0) });

    stored((store) => {
      expect(store.loadDoc('wsx-ilacs').updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(a.map((u) => Buffer.from(u).toString('hex')));
      expect(store.logInfo('st-helens')).toMatchObject({ lastSeq: 20, entries: 20 });
    });
  });

  it('groups what arrives while a commit is in flight into the next one', async () => {
    const batches: number[] = [];
    const writer = await open(batches);
    const updates = firstUpdates(3, 'wsx-ilacs', 31);
    // Another connection holds the write lock, so the first commit stays in flight (waiting for it).
    const other = new DatabaseSync(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const first = writer.append('wsx-ilacs', updates[0]!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rest: Array<Promise<unknown>> = [];
    for (let turn = 0; turn < 3; turn++) {
      rest.push(...updates.slice(1 + turn * 10, 11 + turn * 10).map((u) => writer.append('wsx-ilacs', u)));
      await new Promise((resolve) => setImmediate(resolve)); // three turns, three messages to the worker
    }
    other.exec('COMMIT');
    other.close();
    const results = await Promise.all([first, ...rest]);
    expect(batches).toEqual([1, 30]);
    expect(results.map((r) => (r as { seq: number }).seq)).toEqual(updates.map((_, i) => i + 1));
  });

  describe('the WAL', () => {
    // 1500 updates of ~2 KiB: past the 1000 pages at which SQLite would checkpoint inside a commit.
    const big = (i: number) => {
      const doc = new Y.Doc();
      doc.getMap('clips').set(`ev_${i}`, 'x'.repeat(2000) + i);
      return Y.encodeStateAsUpdate(doc);
    };
    const appendMany = async (writer: StoreWriter) => {
      for (let i = 0; i < 15; i++) await Promise.all(Array.from({ length: 100 }, (_, k) => writer.append('wsx-ilacs', big(i * 100 + k))));
    };
    const MiB = 1024 * 1024;

    it('is never checkpointed by a commit (a checkpoint never holds up an update)', async () => {
      const writer = await open([], 3_600_000);
      await appendMany(writer);
      expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(3 * MiB);
      expect(statSync(dbPath).size).toBeLessThan(MiB); // nothing copied into the database yet
    });

    it('is checkpointed beside the commits by the compactor', async () => {
      const writer = await open([], 100);
      await appendMany(writer);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(statSync(dbPath).size).toBeGreaterThan(3 * MiB); // copied into the database
      stored((store) => expect(store.logInfo('wsx-ilacs')).toMatchObject({ entries: 1500 }));
    });
  });

  it('compacts in the worker, from the store: the snapshot loads as the same doc, and numbering goes on', async () => {
    const writer = await open();
    const updates = firstUpdates(4, 'wsx-ilacs', 80);
    await Promise.all(updates.slice(0, 60).map((u) => writer.append('wsx-ilacs', u)));
    const compacting = writer.compact('wsx-ilacs');
    expect(writer.compact('wsx-ilacs')).toBe(compacting); // at most one pending per workspace
    expect(await compacting).toMatchObject({ throughSeq: 60, merged: 60, entries: 0, bytes: 0 });
    const after = await Promise.all(updates.slice(60).map((u) => writer.append('wsx-ilacs', u)));
    expect(after.map((r) => r.seq)).toEqual(updates.slice(60).map((_, i) => 61 + i));
    expect(after.at(-1)).toMatchObject({ entries: 20 });
    expect(await writer.compact('nothing-here')).toBeNull();

    stored((store) => {
      const { snapshot, updates: log } = store.loadDoc('wsx-ilacs');
      expect(log).toHaveLength(20);
      expect(store.snapshotInfo('wsx-ilacs')).toMatchObject({ throughSeq: 60 });
      expect(docContent(docOf(log, snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    });
  });

  it('squashes the log tail in the worker into one entry (the snapshot untouched), and folds it all later', async () => {
    const writer = await open();
    const updates = firstUpdates(8, 'wsx-ilacs', 100);
    await Promise.all(updates.slice(0, 30).map((u) => writer.append('wsx-ilacs', u)));
    expect(await writer.compact('wsx-ilacs')).toMatchObject({ kind: 'snapshot', throughSeq: 30 });
    await Promise.all(updates.slice(30, 80).map((u) => writer.append('wsx-ilacs', u)));
    expect(await writer.compact('wsx-ilacs', 'squash')).toMatchObject({ kind: 'squash', throughSeq: 80, merged: 50, snapshotBytes: null, entries: 1 });
    const next = await writer.append('wsx-ilacs', updates[80]!);
    expect(next).toMatchObject({ seq: 81, entries: 2 }); // numbering goes on past the squashed entry
    expect(await writer.compact('wsx-ilacs', 'squash')).toBeNull(); // one single update: nothing to merge
    await Promise.all(updates.slice(81).map((u) => writer.append('wsx-ilacs', u)));
    stored((store) => {
      const { snapshot, updates: log } = store.loadDoc('wsx-ilacs');
      expect(log).toHaveLength(21); // the squashed entry and the 20 after it
      expect(store.snapshotInfo('wsx-ilacs')).toMatchObject({ throughSeq: 30 });
      expect(docContent(docOf(log, snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    });
    expect(await writer.compact('wsx-ilacs')).toMatchObject({ kind: 'snapshot', throughSeq: 100, merged: 21, entries: 0 });
    stored((store) => expect(docContent(docOf([], store.loadDoc('wsx-ilacs').snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs')));
  });

  it('drops deleted content from the snapshot, as a doc with gc would', async () => {
    const writer = await open();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 200; i++) doc.getMap('clips').set(`k${i % 5}`, `${'x'.repeat(500)}${i}`); // each overwrites one
    await Promise.all(updates.map((u) => writer.append('overwrites', u)));
    const result = await writer.compact('overwrites');
    expect(result!.snapshotBytes).toBeLessThan(updates.reduce((n, u) => n + u.byteLength, 0) / 10);
    // The size the room plans its next compaction by is the stored snapshot's.
    expect(result!.snapshotBytes).toBeGreaterThan(0);
    stored((store) => expect(store.snapshotInfo('overwrites')!.bytes).toBe(result!.snapshotBytes));
    stored((store) => expect(docOf([], store.loadDoc('overwrites').snapshot).getMap('clips').toJSON()).toEqual(doc.getMap('clips').toJSON()));
  });

  it("rejects a failed workspace's updates with an error naming it, and still commits the other workspaces' in the batch", async () => {
    const writer = await open();
    const db = new DatabaseSync(dbPath);
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.workspace = 'doomed' BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END`);
    db.close();
    const good = firstUpdates(5, 'fine', 3);
    const outcomes = await Promise.allSettled([
      writer.append('fine', good[0]!),
      writer.append('doomed', firstUpdates(6, 'doomed', 1)[0]!),
      writer.append('fine', good[1]!),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/workspace doomed: update not stored: .*disk full \(injected\)/);
    expect(await writer.append('fine', good[2]!)).toMatchObject({ seq: 3, entries: 3 });
    stored((store) => expect(store.logInfo('doomed')).toMatchObject({ entries: 0 }));
  });

  it("refuses a workspace's updates sent before its failure was known (they may build on it), and stores those sent after", async () => {
    const writer = await open();
    const [u1, u2, u3] = firstUpdates(10, 'w', 3) as [Uint8Array, Uint8Array, Uint8Array];
    const other = new DatabaseSync(dbPath);
    other.exec('BEGIN IMMEDIATE'); // holds the first commit in flight
    other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON updates WHEN NEW.data = x'${Buffer.from(u1).toString('hex')}' BEGIN SELECT RAISE(ABORT, 'refused (injected)'); END`);
    const first = writer.append('w', u1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = writer.append('w', u2); // posted while the first is in flight
    await new Promise((resolve) => setTimeout(resolve, 20));
    other.exec('COMMIT');
    other.close();
    await expect(first).rejects.toThrow('workspace w: update not stored: refused (injected)');
    await expect(second).rejects.toThrow('workspace w: update not stored: an earlier update of the workspace failed');
    expect(await writer.append('w', u3)).toMatchObject({ seq: 1, entries: 1 });
  });

  it('discards a workspace’s queued updates on request, and only those', async () => {
    const writer = await open();
    const [x, y] = [firstUpdates(7, 'dropped', 1)[0]!, firstUpdates(8, 'kept', 1)[0]!];
    const dropped = writer.append('dropped', x);
    const kept = writer.append('kept', y);
    writer.discard('dropped', 'its room broke');
    await expect(dropped).rejects.toThrow('workspace dropped: update not stored: its room broke');
    await expect(kept).resolves.toMatchObject({ seq: 1 });
  });

  it('close() commits everything queued and finishes the compactions asked for, then refuses more', async () => {
    const writer = await openStoreWriter(dbPath);
    const updates = firstUpdates(9, 'wsx-ilacs', 30);
    await Promise.all(updates.slice(0, 25).map((u) => writer.append('wsx-ilacs', u)));
    const compaction = writer.compact('wsx-ilacs'); // folds what is committed when it reads: 25 or more
    const appends = updates.slice(25).map((u) => writer.append('wsx-ilacs', u));
    await writer.close();
    expect((await Promise.all(appends)).at(-1)).toMatchObject({ seq: 30 });
    const { throughSeq } = (await compaction)!;
    expect(throughSeq).toBeGreaterThanOrEqual(25);
    await expect(writer.append('wsx-ilacs', updates[0]!)).rejects.toThrow('workspace wsx-ilacs: update not stored: the store writer is closed');
    stored((store) => {
      expect(store.snapshotInfo('wsx-ilacs')).toMatchObject({ throughSeq });
      const { snapshot, updates: log } = store.loadDoc('wsx-ilacs');
      expect(docContent(docOf(log, snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    });
  });

  it('fsyncs each commit by default, and only at checkpoints with synchronous "normal", as its SQLite connection reports', async () => {
    const full = await open();
    expect(full.synchronous).toBe('full');
    const normal = await openStoreWriter(dbPath, { synchronous: 'normal' });
    writers.push(normal);
    expect(normal.synchronous).toBe('normal');
    // Either way the commit is in the database for any other connection once the append resolves.
    const [update] = firstUpdates(1, 'wsx-normal', 1);
    await normal.append('wsx-normal', update!);
    expect(stored((store) => store.logInfo('wsx-normal').entries)).toBe(1);
  });

  it.each(['committer', 'compactor'])(
    'a %s thread that dies (exited from inside, as a crash would) fails every later append with its reason, reported once; what was committed stays',
    async (role) => {
      const failures: string[] = [];
      const writer = await openStoreWriter(dbPath, { onFailure: (error) => failures.push(error.message) });
      writers.push(writer);
      const updates = firstUpdates(11, 'wsx-ilacs', 3);
      await writer.append('wsx-ilacs', updates[0]!);
      await exitWorkerThreadHere(`evident-store-${role}`);
      await eventually(() => writer.failure !== null, 10_000, `the writer to notice the ${role} is gone`);
      expect(writer.failure?.message).toBe(`store ${role} exited (1)`);
      await expect(writer.append('wsx-ilacs', updates[1]!)).rejects.toThrow(`workspace wsx-ilacs: update not stored: store ${role} exited (1)`);
      await expect(writer.compact('wsx-ilacs')).rejects.toThrow(`workspace wsx-ilacs: compaction failed: store ${role} exited (1)`);
      expect(failures).toEqual([`store ${role} exited (1)`]);
      expect(stored((store) => store.logInfo('wsx-ilacs').entries)).toBe(1);
    },
  );

  it('fails to open on a database from a newer version, with the store’s message', async () => {
    openSqliteStore(dbPath).close();
    const db = new DatabaseSync(dbPath);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, Date.now());
    db.close();
    await expect(openStoreWriter(dbPath)).rejects.toThrow(`database schema version ${SCHEMA_VERSION + 1} is newer`);
  });
});
