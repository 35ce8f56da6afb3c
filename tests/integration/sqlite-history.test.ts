import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restorableRange, workspaceAt } from '../../sync-server/history/workspace-at';
import { DAY_MS, HOUR_MS, historyToKeep } from '../../sync-server/persistence/history-policy';
import { SCHEMA_VERSION } from '../../sync-server/persistence/migrations';
import { openSqliteStore, type SqliteSyncStore } from '../../sync-server/persistence/sqlite-store';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

const WS = 'wsx-ilacs';
const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-history-'));
  dbPath = join(dir, 'evident.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store whose clock the test sets: commits are stamped with `clock.now`. */
function storeWithClock(historyMs: number, path = dbPath): { store: SqliteSyncStore; clock: { now: number } } {
  const clock = { now: T0 };
  return { store: openSqliteStore(path, { historyMs, now: () => clock.now }), clock };
}

/** What the server's compactor does: fold the live log into a new snapshot, stored through the committer. */
function fold(store: SqliteSyncStore, workspace = WS): void {
  const log = store.readLog(workspace);
  const state = Y.encodeStateAsUpdate(docOf(log.updates, log.snapshot));
  const done = store.commit([], [{ kind: 'snapshot', workspace, state, previousThroughSeq: log.throughSeq, throughSeq: log.lastSeq }]);
  expect(done.installs[0]).toMatchObject({ ok: true });
}

const rebuilt = async (store: SqliteSyncStore, at: number) => {
  const result = await workspaceAt(store, WS, at);
  if (!result.ok) throw new Error(result.error);
  return docContent(result.value.doc, WS);
};
const contentOf = (updates: Uint8Array[]) => docContent(docOf(updates), WS);

describe('history: every update kept for the window', () => {
  it('rebuilds the workspace as it was at any moment, across folds and squashes, from the nearest snapshot', async () => {
    const { store, clock } = storeWithClock(30 * DAY_MS);
    const updates = firstUpdates(11, WS, 90);
    updates.forEach((update, i) => {
      clock.now = T0 + i * MINUTE_MS; // update i is committed at minute i
      store.appendUpdate(WS, update);
      if (i === 29 || i === 59) fold(store);
      if (i === 74) {
        const tail = store.readTail(WS);
        store.commit([], [{ kind: 'squash', workspace: WS, state: Y.mergeUpdates(tail.updates), firstSeq: tail.firstSeq, throughSeq: tail.lastSeq, merged: tail.updates.length }]);
      }
    });
    expect(store.snapshotPoints(WS).map((p) => [p.throughSeq, p.stateAt])).toEqual([
      [30, T0 + 29 * MINUTE_MS],
      [60, T0 + 59 * MINUTE_MS],
    ]);
    for (const k of [1, 10, 30, 31, 45, 60, 61, 75, 80, 90]) {
      // At minute k - 1 the first k updates are committed; half a minute later, still those.
      expect(await rebuilt(store, T0 + (k - 1) * MINUTE_MS + 30_000), `moment after update ${k}`).toBe(contentOf(updates.slice(0, k)));
    }
    // What a room loads is unchanged: the newest snapshot and what follows it.
    const loaded = store.loadDoc(WS);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(contentOf(updates));
    expect(await restorableRange(store, WS, { now: clock.now, historyMs: 30 * DAY_MS })).toEqual({ from: T0, to: clock.now });
    expect(await restorableRange(store, 'nobody', { now: clock.now, historyMs: 30 * DAY_MS })).toBeNull();
    store.close();
  });
});

describe('history pruning', () => {
  it.each([
    // [name, snapshot times (hours before now), window (hours), expected kept (hours before now)]
    ['keeps everything inside the window but thins it to the newest per hour (last day) and per day', [50, 49.5, 30, 29.9, 5.5, 5.2, 1], 72, [49.5, 29.9, 5.2, 1]],
    ['keeps the newest snapshot at or before the window start as the base, and drops older ones', [100, 80, 60, 10, 1], 72, [80, 60, 10, 1]],
    ['with no history, keeps only the newest snapshot', [10, 5, 1], 0, [1]],
  ])('%s', (_name, hoursAgo, windowHours, keptHoursAgo) => {
    const now = T0 + 10 * DAY_MS;
    const points = hoursAgo.map((h, i) => ({ throughSeq: (i + 1) * 10, stateAt: now - h * HOUR_MS }));
    const kept = historyToKeep(points, now, windowHours * HOUR_MS);
    expect(kept.snapshots.map((seq) => hoursAgo[seq / 10 - 1])).toEqual(keptHoursAgo);
  });

  it('drops, once they leave the window, the updates and snapshots no moment inside it needs; the rest still rebuilds', async () => {
    const historyMs = 2 * DAY_MS;
    const { store, clock } = storeWithClock(historyMs);
    const updates = firstUpdates(12, WS, 60);
    // Ten updates every 12 hours, each batch folded (as a room does when it unloads).
    updates.forEach((update, i) => {
      clock.now = T0 + Math.floor(i / 10) * 12 * HOUR_MS + (i % 10) * MINUTE_MS;
      store.appendUpdate(WS, update);
      if (i % 10 === 9) fold(store);
    });
    expectHistoryBounded(store, clock.now, historyMs);
    const [base] = store.snapshotPoints(WS);
    expect(base!.stateAt).toBeLessThanOrEqual(clock.now - historyMs);
    expect(rawCount('SELECT MIN(seq) AS n FROM updates')).toBe(base!.throughSeq + 1);

    const range = (await restorableRange(store, WS, { now: clock.now, historyMs }))!;
    expect(range.from).toBe(clock.now - historyMs);
    expect(await rebuilt(store, range.from)).toBe(contentOf(updates.slice(0, 20)));
    expect(await rebuilt(store, T0 + 36 * HOUR_MS + 4 * MINUTE_MS + 1)).toBe(contentOf(updates.slice(0, 35)));
    expect(await rebuilt(store, clock.now)).toBe(contentOf(updates));

    // An idle workspace is pruned by the compactor's sweep, with no fold: a week on, one snapshot is enough.
    clock.now += 7 * DAY_MS;
    store.pruneHistory(WS, clock.now);
    expect(store.snapshotPoints(WS).map((p) => p.throughSeq)).toEqual([60]);
    expect(rawCount('SELECT COUNT(*) AS n FROM updates')).toBe(0);
    const loaded = store.loadDoc(WS);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(contentOf(updates));
    expect(await rebuilt(store, clock.now)).toBe(contentOf(updates));
    store.close();
  });

  it('keeps a snapshot only once the log since the one before outweighs it, so a fold on every unload does not pile up whole docs', async () => {
    const historyMs = 30 * DAY_MS;
    const { store, clock } = storeWithClock(historyMs);
    const updates = firstUpdates(16, WS, 400);
    // A fold every hour, after one update (a room unloading after a small edit), for 300 hours;
    // then 100 updates, folded once.
    updates.forEach((update, i) => {
      clock.now = T0 + i * HOUR_MS;
      store.appendUpdate(WS, update);
      if (i < 300) fold(store);
    });
    fold(store);
    const points = store.snapshotPoints(WS);
    expectHistoryBounded(store, clock.now, historyMs);
    expect(points.length).toBeLessThan(30);
    const snapshotBytes = points.reduce((n, p) => n + p.bytes, 0);
    const logBytes = rawCount('SELECT SUM(LENGTH(data)) AS n FROM updates');
    expect(snapshotBytes).toBeLessThanOrEqual(logBytes + points[0]!.bytes + points.at(-1)!.bytes);
    for (const k of [1, 150, 299, 350, 400]) expect(await rebuilt(store, T0 + (k - 1) * HOUR_MS), `after update ${k}`).toBe(contentOf(updates.slice(0, k)));
    store.close();
  });
});

/** Each snapshot kept between the first and the newest follows a log at least as heavy as itself. */
function expectHistoryBounded(store: SqliteSyncStore, now: number, historyMs: number): void {
  const points = store.snapshotPoints(WS);
  for (let i = 1; i < points.length - 1; i++) {
    const logged = rawCount(`SELECT COALESCE(SUM(LENGTH(data)), 0) AS n FROM updates WHERE seq > ${points[i - 1]!.throughSeq} AND seq <= ${points[i]!.throughSeq}`);
    expect(logged, `log before the snapshot through ${points[i]!.throughSeq}`).toBeGreaterThanOrEqual(points[i]!.bytes);
  }
  expect(points.filter((p) => p.stateAt <= now - historyMs).length).toBeLessThanOrEqual(1);
}

describe('a database from schema version 2', () => {
  const FIXTURE = resolve(import.meta.dirname, '../fixtures/sync-store/evident-v2.sqlite');

  /** What version 2 loaded for a workspace, read with plain SQL from the untouched fixture: its snapshot, then its log. */
  function loadedByVersion2(workspace: string): string {
    const db = new DatabaseSync(FIXTURE, { readOnly: true });
    try {
      const snapshot = db.prepare('SELECT state, through_seq FROM snapshots WHERE workspace = ?').get(workspace);
      const log = db.prepare('SELECT data FROM updates WHERE workspace = ? AND seq > ? ORDER BY seq').all(workspace, Number(snapshot?.through_seq ?? 0));
      return docContent(docOf(log.map((row) => row.data as Uint8Array), (snapshot?.state as Uint8Array | undefined) ?? null), workspace);
    } finally {
      db.close();
    }
  }

  it('migrates and loads every workspace as version 2 did, keeps its invites and secret, and goes on appending and folding', async () => {
    copyFileSync(FIXTURE, dbPath);
    const { store } = storeWithClock(30 * DAY_MS);
    expect(rawCount('SELECT MAX(version) AS n FROM schema_migrations')).toBe(SCHEMA_VERSION);
    expect(store.workspaces()).toEqual(['st-helens', WS]);
    for (const workspace of store.workspaces()) {
      const loaded = store.loadDoc(workspace);
      expect(docContent(docOf(loaded.updates, loaded.snapshot), workspace), workspace).toBe(loadedByVersion2(workspace));
    }
    expect(store.invites()).toEqual([expect.objectContaining({ jti: 'fixture-invite-1', revoked: expect.objectContaining({ reason: 'left the team' }) })]);
    expect(store.snapshotInfo(WS)).toMatchObject({ throughSeq: 20 });

    // Its history starts where version 2 kept it: at the squashed entry (its updates share one time).
    const range = (await restorableRange(store, WS, { now: Date.UTC(2027, 0, 1), historyMs: 365 * DAY_MS }))!;
    expect(range.from).toBe(rawCount("SELECT MAX(created_at) AS n FROM updates WHERE merged > 1"));
    expect(await rebuilt(store, range.from)).toBe(loadedByVersion2(WS));

    const before = store.loadDoc(WS);
    const more = firstUpdates(13, WS, 3);
    for (const update of more) expect(store.appendUpdate(WS, update)).toBeGreaterThan(60);
    fold(store);
    const loaded = store.loadDoc(WS);
    expect(loaded.updates).toHaveLength(0);
    const expected = docOf(more, Y.encodeStateAsUpdate(docOf(before.updates, before.snapshot)));
    expect(docContent(docOf([], loaded.snapshot), WS)).toBe(docContent(expected, WS));
    store.close();
  });
});

describe('backups', () => {
  it('copies one workspace with its history, or the whole database, to a new file that opens as a store; never over an existing file', async () => {
    const { store, clock } = storeWithClock(30 * DAY_MS);
    const updates = firstUpdates(14, WS, 20);
    updates.forEach((update, i) => {
      clock.now = T0 + i * MINUTE_MS;
      store.appendUpdate(WS, update);
      if (i === 9) fold(store);
    });
    store.appendUpdate('st-helens', firstUpdates(15, 'st-helens', 1)[0]!);
    store.recordRunningServer({ url: 'ws://127.0.0.1:1', pid: process.pid, startedAt: T0 });

    const one = join(dir, 'one.sqlite');
    expect(store.backupWorkspaceTo(WS, one)).toEqual({ workspace: WS, takenAt: clock.now, source: dbPath });
    const all = join(dir, 'all.sqlite');
    expect(store.backupTo(all)).toEqual({ workspace: null, takenAt: clock.now, source: dbPath });
    expect(() => store.backupTo(all)).toThrow(`${all} already exists`);

    for (const [file, workspaces] of [[one, [WS]], [all, ['st-helens', WS]]] as const) {
      const copy = openSqliteStore(file);
      expect(copy.workspaces()).toEqual(workspaces);
      expect(copy.runningServer()).toBeNull();
      expect(copy.snapshotPoints(WS)).toEqual(store.snapshotPoints(WS));
      const at = await workspaceAt(copy, WS, T0 + 4 * MINUTE_MS);
      expect(at.ok && docContent(at.value.doc, WS)).toBe(contentOf(updates.slice(0, 5)));
      copy.close();
    }
    expect(existsSync(join(dir, '.all.sqlite.partial-' + process.pid))).toBe(false);
    store.close();
  });
});

function rawCount(sql: string): number {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return Number(db.prepare(sql).get()!.n);
  } finally {
    db.close();
  }
}
