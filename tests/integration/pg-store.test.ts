import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoreSchemaError } from '../../sync-server/persistence/migrations';
import { DatabaseUrlError } from '../../sync-server/persistence/pg/database-url';
import { PG_SCHEMA_VERSION } from '../../sync-server/persistence/pg/migrations';
import { openPgStore, type PgStoreOptions } from '../../sync-server/persistence/pg/pg-store';
import type { PgSyncStore } from '../../sync-server/persistence/pg/types';
import { freeLoopbackPort } from './helpers/free-port';
import { queryRows, usePostgresServer } from './helpers/pg-test-database';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

const postgres = usePostgresServer();

const opened: PgSyncStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
async function open(url: string, options: PgStoreOptions = {}): Promise<PgSyncStore> {
  const store = await openPgStore(url, options);
  opened.push(store);
  return store;
}

const WS = 'wsx-ilacs';

describe('the server it runs against', () => {
  it('is a real PostgreSQL with fsync and synchronous_commit on', async () => {
    const rows = await queryRows(postgres.server().url, "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc");
    expect(rows).toEqual([{ fsync: 'on', sc: 'on' }]);
  });
});

describe('schema migrations', () => {
  it('creates every table, records each step once, and opening again applies nothing', async () => {
    const url = await postgres.freshDatabase();
    await (await open(url)).close();
    // Three instances starting at once on the same (now migrated) database, and on a fresh one.
    const fresh = await postgres.freshDatabase();
    await Promise.all([open(url), open(url), open(fresh), open(fresh), open(fresh)]);
    for (const db of [url, fresh]) {
      const tables = await queryRows(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.map((t) => t.tablename)).toEqual(['documents', 'invites', 'meta', 'revocations', 'schema_migrations', 'snapshots', 'updates']);
      const versions = await queryRows(db, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    }
  });

  it('refuses a database written by a newer version, naming both versions', async () => {
    const url = await postgres.freshDatabase();
    await (await open(url)).close();
    await queryRows(url, 'INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [PG_SCHEMA_VERSION + 1]);
    const failure = openPgStore(url);
    await expect(failure).rejects.toThrow(StoreSchemaError);
    await expect(openPgStore(url)).rejects.toThrow(`database schema version ${PG_SCHEMA_VERSION + 1} is newer than this evident-sync understands (${PG_SCHEMA_VERSION})`);
  });
});

describe('a bad EVIDENT_DATABASE_URL', () => {
  it.each([
    ['not a URL', () => 'not a url', /EVIDENT_DATABASE_URL is not a URL/],
    ['another database', () => 'mysql://evident@127.0.0.1:3306/evident', /not a PostgreSQL URL: it must start with postgres:\/\//],
    ['no database', () => `postgres://evident@127.0.0.1:${postgres.server().port}`, /names no database/],
    ['no server listening', async () => `postgres://evident@127.0.0.1:${await freeLoopbackPort()}/evident`, /cannot connect: .*ECONNREFUSED/],
    ['an unknown database', () => `postgres://evident@127.0.0.1:${postgres.server().port}/no_such_db`, /cannot connect: database "no_such_db" does not exist/],
  ])('is refused at open with the reason: %s', async (_case, urlOf, reason) => {
    const url = await urlOf();
    const failure = openPgStore(url);
    await expect(failure).rejects.toThrow(DatabaseUrlError);
    await expect(openPgStore(url)).rejects.toThrow(reason);
  });

  it('never prints the password', async () => {
    const url = `postgres://evident:hunter2@127.0.0.1:${await freeLoopbackPort()}/evident`;
    const error = await openPgStore(url).catch((e: Error) => e);
    expect(String(error)).toContain('postgres://evident:***@127.0.0.1');
    expect(String(error)).not.toContain('hunter2');
  });
});

describe('the update log', () => {
  it('stores a resent update once and answers with the seq it has (same batch, later batch, another instance)', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await open(url), await open(url)];
    const [u1, u2, u3] = firstUpdates(3, WS, 3) as [Uint8Array, Uint8Array, Uint8Array];
    expect(await a.commit([{ workspace: WS, update: u1 }, { workspace: WS, update: u2 }, { workspace: WS, update: u1 }])).toMatchObject([
      { seq: 1, isDuplicate: false },
      { seq: 2, isDuplicate: false },
      { seq: 1, isDuplicate: true },
    ]);
    expect(await a.appendUpdate(WS, u2)).toMatchObject({ seq: 2, isDuplicate: true, entries: 2 });
    expect(await b.appendUpdate(WS, u1)).toMatchObject({ seq: 1, isDuplicate: true });
    expect(await b.appendUpdate(WS, u3)).toMatchObject({ seq: 3, isDuplicate: false, entries: 3 });
    // The same bytes in another document are that document's own update.
    expect(await b.appendUpdate('wsx-other', u1)).toMatchObject({ seq: 1, isDuplicate: false });
    const rows = await queryRows(url, "SELECT seq FROM updates WHERE workspace = $1 ORDER BY seq", [WS]);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(await a.logInfo(WS)).toEqual({ lastSeq: 3, entries: 3, bytes: u1.byteLength + u2.byteLength + u3.byteLength });
  });

  it('loads as the snapshot plus the rows after it, equal to the doc of every update', async () => {
    const url = await postgres.freshDatabase();
    const store = await open(url, { historyMs: 0 });
    const updates = firstUpdates(11, WS, 60);
    await store.commit(updates.slice(0, 40).map((update) => ({ workspace: WS, update })));
    expect(await store.compact(WS)).toMatchObject({ status: 'compacted', throughSeq: 40, merged: 40, entries: 0, bytes: 0 });
    await store.commit(updates.slice(40).map((update) => ({ workspace: WS, update })));

    const loaded = await store.loadDoc(WS);
    expect(loaded).toMatchObject({ snapshotSeq: 40, lastSeq: 60 });
    expect(loaded.updates).toHaveLength(20);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(docContent(docOf(updates), WS));
    expect(await store.logInfo(WS)).toMatchObject({ lastSeq: 60, entries: 20 });

    const after = await store.readUpdatesAfter(WS, 45);
    expect(after.ok && after.entries.map((e) => e.seq)).toEqual([46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(after.ok && Buffer.from(after.entries[0]!.update).equals(Buffer.from(updates[45]!))).toBe(true);
  });

  it('keeps the replaced snapshot and the rows after it for one more cycle, then prunes them', async () => {
    const url = await postgres.freshDatabase();
    const store = await open(url, { historyMs: 0 });
    const updates = firstUpdates(12, WS, 70);
    const commitRange = (from: number, to: number) => store.commit(updates.slice(from, to).map((update) => ({ workspace: WS, update })));
    const snapshotSeqs = async () => (await queryRows(url, 'SELECT through_seq FROM snapshots ORDER BY through_seq')).map((r) => Number(r.through_seq));
    const firstRow = async () => Number((await queryRows(url, 'SELECT MIN(seq) AS seq FROM updates'))[0]!.seq);

    await commitRange(0, 40);
    await store.compact(WS);
    await commitRange(40, 60);
    await store.compact(WS);
    expect(await snapshotSeqs()).toEqual([40, 60]);
    expect(await firstRow()).toBe(41);
    // A reader that loaded snapshot 40 just before can still fill its gap; one older than it must reload.
    expect(await store.readUpdatesAfter(WS, 40)).toMatchObject({ ok: true });
    expect(await store.readUpdatesAfter(WS, 39)).toEqual({ ok: false, reason: 'pruned', prunedThrough: 40 });

    await commitRange(60, 70);
    await store.compact(WS);
    expect(await snapshotSeqs()).toEqual([60, 70]);
    expect(await firstRow()).toBe(61);
    const loaded = await store.loadDoc(WS);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(docContent(docOf(updates), WS));
    expect(await store.compact(WS)).toEqual({ status: 'nothing-to-do' });
  });
});

describe('compaction across instances', () => {
  it('runs on one instance at a time (advisory lock); the other is told busy, and commits go on meanwhile', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await open(url), await open(url)];
    const updates = firstUpdates(13, WS, 50);
    await a.commit(updates.slice(0, 45).map((update) => ({ workspace: WS, update })));

    let releaseFold!: () => void;
    const foldMayEnd = new Promise<void>((resolve) => (releaseFold = resolve));
    let isFolding!: () => void;
    const folding = new Promise<void>((resolve) => (isFolding = resolve));
    const slowFold = async (snapshot: Uint8Array | null, log: Uint8Array[]) => {
      isFolding();
      await foldMayEnd;
      return Y.encodeStateAsUpdate(docOf(log, snapshot));
    };
    const first = a.compact(WS, slowFold);
    await folding;
    expect(await b.compact(WS)).toEqual({ status: 'busy' });
    // Commits take the head row's lock, not the compaction's: they land while the fold runs.
    expect(await b.commit(updates.slice(45).map((update) => ({ workspace: WS, update })))).toHaveLength(5);
    releaseFold();
    expect(await first).toMatchObject({ status: 'compacted', throughSeq: 45, entries: 5 });

    const loaded = await b.loadDoc(WS);
    expect(loaded).toMatchObject({ snapshotSeq: 45, lastSeq: 50 });
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(docContent(docOf(updates), WS));
  });

  it('two instances compacting the same document at once: one does, and the document is unchanged', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await open(url), await open(url)];
    const updates = firstUpdates(14, WS, 30);
    await a.commit(updates.map((update) => ({ workspace: WS, update })));
    const slow = async (snapshot: Uint8Array | null, log: Uint8Array[]) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return Y.encodeStateAsUpdate(docOf(log, snapshot));
    };
    const outcomes = await Promise.all([a.compact(WS, slow), b.compact(WS, slow)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'compacted']);
    expect(await queryRows(url, 'SELECT through_seq FROM snapshots')).toEqual([{ through_seq: '30' }]);
    const loaded = await a.loadDoc(WS);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), WS)).toBe(docContent(docOf(updates), WS));
  });
});

describe('auth tables', () => {
  it('records invites and revocations, and every instance gets the same generated secret', async () => {
    const url = await postgres.freshDatabase();
    const [a, b] = [await open(url), await open(url)];
    await a.recordInvite({ jti: 'j1', workspace: WS, role: 'reviewer', expiresAt: 2_000_000_000 });
    expect(await b.isRevoked('j1')).toBe(false);
    await b.revoke('j1', 'left the board');
    await b.revoke('j1', 'twice');
    expect(await a.isRevoked('j1')).toBe(true);
    expect(await a.invites()).toMatchObject([{ jti: 'j1', workspace: WS, role: 'reviewer', expiresAt: 2_000_000_000, revoked: { reason: 'left the board' } }]);
    const [secretA, secretB] = await Promise.all([a.secret(), b.secret()]);
    expect(secretA).toHaveLength(32);
    expect(Buffer.from(secretA).equals(Buffer.from(secretB))).toBe(true);
    const fromEnv = await open(url, { secretFromEnv: 'from-the-environment' });
    expect(Buffer.from(await fromEnv.secret()).equals(Buffer.from(secretA))).toBe(false);
  });
});
