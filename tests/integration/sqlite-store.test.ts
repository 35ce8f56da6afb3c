import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mintInvite, verifyInvite } from '../../sync-server/auth/tokens';
import { MIGRATIONS, SCHEMA_VERSION, StoreSchemaError } from '../../sync-server/persistence/migrations';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-store-'));
  dbPath = join(dir, 'evident.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the file with plain SQL, as an operator would, bypassing the store. */
function rawQuery(sql: string): Array<Record<string, unknown>> {
  const db = new DatabaseSync(dbPath);
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe('schema migrations', () => {
  it('creates every table on an empty file, records each step once, and re-opens without re-applying', () => {
    openSqliteStore(dbPath).close();
    const tables = rawQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name);
    expect(tables).toEqual(['invites', 'meta', 'revocations', 'schema_migrations', 'snapshots', 'squashes', 'updates']);
    openSqliteStore(dbPath).close();
    expect(rawQuery('SELECT version FROM schema_migrations').map((r) => r.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it('refuses a database written by a newer version, naming both versions and the file', () => {
    openSqliteStore(dbPath).close();
    const db = new DatabaseSync(dbPath);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, Date.now());
    db.close();
    expect(() => openSqliteStore(dbPath)).toThrow(StoreSchemaError);
    expect(() => openSqliteStore(dbPath)).toThrow(`${dbPath}: database schema version ${SCHEMA_VERSION + 1} is newer than this evident-sync understands (${SCHEMA_VERSION})`);
  });

  it('brings a version-1 database up to date with its log intact (each entry one update)', () => {
    const db = new DatabaseSync(dbPath);
    db.exec(MIGRATIONS[0]!);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)').run();
    const updates = firstUpdates(7, 'wsx-ilacs', 5);
    updates.forEach((update, i) => db.prepare('INSERT INTO updates (workspace, seq, data, created_at) VALUES (?, ?, ?, 0)').run('wsx-ilacs', i + 1, update));
    db.close();
    const store = openSqliteStore(dbPath);
    expect(store.readTail('wsx-ilacs')).toMatchObject({ firstSeq: 1, lastSeq: 5 });
    expect(docContent(docOf(store.loadDoc('wsx-ilacs').updates), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    store.close();
    expect(rawQuery('SELECT DISTINCT merged FROM updates')).toEqual([{ merged: 1 }]);
  });

  it('journals with WAL, so the server and the CLI can share the file', () => {
    const store = openSqliteStore(dbPath);
    expect(rawQuery('PRAGMA journal_mode')[0]!.journal_mode).toBe('wal');
    store.close();
  });
});

describe('the update log', () => {
  it('returns updates in the order they were appended, per workspace', () => {
    const store = openSqliteStore(dbPath);
    const updates = firstUpdates(1, 'wsx-ilacs', 60);
    const other = firstUpdates(2, 'st-helens', 5);
    updates.forEach((update, i) => {
      expect(store.appendUpdate('wsx-ilacs', update)).toBe(i + 1);
      if (i < other.length) store.appendUpdate('st-helens', other[i]!);
    });
    const loaded = store.loadDoc('wsx-ilacs');
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(updates.map((u) => Buffer.from(u).toString('hex')));
    expect(store.logInfo('wsx-ilacs')).toEqual({ lastSeq: 60, entries: 60, bytes: updates.reduce((n, u) => n + u.byteLength, 0) });
    expect(store.logInfo('nobody')).toEqual({ lastSeq: 0, entries: 0, bytes: 0 });
    expect(store.workspaces()).toEqual(['st-helens', 'wsx-ilacs']);
    store.close();
  });

  it('compacts into a snapshot that loads as the same doc, keeps the updates it folds as history, and keeps numbering after it', () => {
    const updates = firstUpdates(3, 'wsx-ilacs', 120);
    const store = openSqliteStore(dbPath);
    for (const update of updates.slice(0, 80)) store.appendUpdate('wsx-ilacs', update);

    // As the server does: merge snapshot + log through a seq, then hand the store that state.
    const through50 = Y.encodeStateAsUpdate(docOf(updates.slice(0, 50)));
    store.compact('wsx-ilacs', through50, 50);
    expect(store.logInfo('wsx-ilacs')).toMatchObject({ lastSeq: 80, entries: 30 });
    // A room loads the snapshot and the 30 after it; the 50 it holds stay, inside the retention window.
    expect(rawQuery("SELECT MIN(seq) AS first, COUNT(*) AS kept FROM updates WHERE workspace = 'wsx-ilacs'")[0]).toEqual({ first: 1, kept: 80 });

    const loaded = store.loadDoc('wsx-ilacs');
    expect(docContent(docOf(loaded.updates, loaded.snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates.slice(0, 80)), 'wsx-ilacs'));

    store.compact('wsx-ilacs', Y.encodeStateAsUpdate(docOf(loaded.updates, loaded.snapshot)), 80);
    expect(store.logInfo('wsx-ilacs')).toMatchObject({ lastSeq: 80, entries: 0, bytes: 0 });
    for (const update of updates.slice(80)) store.appendUpdate('wsx-ilacs', update);
    expect(store.logInfo('wsx-ilacs')).toMatchObject({ lastSeq: 120, entries: 40 });
    store.close();

    const reopened = openSqliteStore(dbPath);
    const again = reopened.loadDoc('wsx-ilacs');
    expect(again.updates).toHaveLength(40);
    expect(docContent(docOf(again.updates, again.snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    reopened.close();
  });

  it.each([
    ['past the end of the log', 11],
    ['older than the stored snapshot', 3],
  ])('refuses to compact through a seq %s (it would lose updates)', (_case, throughSeq) => {
    const store = openSqliteStore(dbPath);
    const updates = firstUpdates(4, 'wsx-ilacs', 10);
    for (const update of updates) store.appendUpdate('wsx-ilacs', update);
    store.compact('wsx-ilacs', Y.encodeStateAsUpdate(docOf(updates.slice(0, 5))), 5);
    expect(() => store.compact('wsx-ilacs', new Uint8Array([0, 0]), throughSeq)).toThrow(`throughSeq ${throughSeq} is outside 5..10`);
    expect(store.logInfo('wsx-ilacs')).toMatchObject({ lastSeq: 10, entries: 5 });
    store.close();
  });

  it('squashes the tail of single updates into one entry that loads as the same doc, then squashes only what came after it', () => {
    const updates = firstUpdates(6, 'wsx-ilacs', 90);
    const store = openSqliteStore(dbPath);
    for (const update of updates.slice(0, 60)) store.appendUpdate('wsx-ilacs', update);
    store.compact('wsx-ilacs', Y.encodeStateAsUpdate(docOf(updates.slice(0, 10))), 10);

    const tail = store.readTail('wsx-ilacs');
    expect(tail).toMatchObject({ firstSeq: 11, lastSeq: 60 });
    expect(tail.updates).toHaveLength(50);
    const squash = { kind: 'squash' as const, workspace: 'wsx-ilacs', state: Y.mergeUpdates(tail.updates), firstSeq: 11, throughSeq: 60, merged: 50 };
    const done = store.commit([{ workspace: 'wsx-ilacs', update: updates[60]! }], [squash]);
    expect(done.seqs).toEqual([61]);
    expect(done.installs).toEqual([{ ok: true, entries: 2, bytes: expect.any(Number) }]);
    // The squash is stored beside the updates it merges, which stay as they were (history).
    expect(rawQuery("SELECT first_seq, through_seq, merged FROM squashes WHERE workspace = 'wsx-ilacs'")).toEqual([{ first_seq: 11, through_seq: 60, merged: 50 }]);
    expect(rawQuery("SELECT COUNT(*) AS n, MIN(seq) AS first, MAX(seq) AS last, MAX(merged) AS most FROM updates WHERE workspace = 'wsx-ilacs'")).toEqual([
      { n: 61, first: 1, last: 61, most: 1 },
    ]);

    // A squash whose entries were meanwhile folded or merged is refused, and changes nothing.
    expect(store.commit([], [squash]).installs).toEqual([{ ok: false, error: 'log entries 11..60 changed meanwhile' }]);
    for (const update of updates.slice(61)) store.appendUpdate('wsx-ilacs', update);
    expect(store.readTail('wsx-ilacs')).toMatchObject({ firstSeq: 61, lastSeq: 90 });
    store.close();

    const reopened = openSqliteStore(dbPath);
    const loaded = reopened.loadDoc('wsx-ilacs');
    expect(loaded.updates).toHaveLength(31);
    expect(docContent(docOf(loaded.updates, loaded.snapshot), 'wsx-ilacs')).toBe(docContent(docOf(updates), 'wsx-ilacs'));
    reopened.close();
  });

  it('numbers appends from two handles on one file (server and CLI) without clashes', () => {
    const a = openSqliteStore(dbPath);
    const b = openSqliteStore(dbPath);
    const updates = firstUpdates(5, 'wsx-ilacs', 20);
    updates.forEach((update, i) => (i % 2 ? a : b).appendUpdate('wsx-ilacs', update));
    expect(a.logInfo('wsx-ilacs')).toMatchObject({ lastSeq: 20, entries: 20 });
    expect(b.loadDoc('wsx-ilacs').updates).toHaveLength(20);
    a.close();
    b.close();
  });
});

describe('the signing secret', () => {
  it('is generated once (32 random bytes) and stays the same across re-opens', () => {
    const first = openSqliteStore(dbPath);
    const secret = Buffer.from(first.secret()).toString('hex');
    expect(first.secret()).toHaveLength(32);
    first.close();
    const second = openSqliteStore(dbPath);
    expect(Buffer.from(second.secret()).toString('hex')).toBe(secret);
    second.close();
    const other = openSqliteStore(join(dir, 'other.sqlite'));
    expect(Buffer.from(other.secret()).toString('hex')).not.toBe(secret);
    other.close();
  });

  it('is derived from EVIDENT_SECRET when given, and never written to the database', () => {
    const text = 'correct horse battery staple';
    const store = openSqliteStore(dbPath, { secretFromEnv: text });
    const key = store.secret();
    expect(Buffer.from(key).toString('hex')).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    store.appendUpdate('wsx-ilacs', firstUpdates(6, 'wsx-ilacs', 1)[0]!);
    store.close();
    expect(rawQuery('SELECT key FROM meta')).toEqual([]);
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
    for (const bytes of files) {
      expect(bytes.includes(Buffer.from(key))).toBe(false);
      expect(bytes.includes(Buffer.from(text))).toBe(false);
    }
  });
});

describe('invites and revocations', () => {
  it('records invites, and a revoked token no longer verifies', async () => {
    const store = openSqliteStore(dbPath);
    const { token, claims } = await mintInvite(store.secret(), { workspace: 'wsx-ilacs', role: 'reviewer', expiresInSeconds: 3600 });
    store.recordInvite({ jti: claims.jti, workspace: 'wsx-ilacs', role: 'reviewer', expiresAt: claims.exp });
    expect(store.invites()).toEqual([
      { jti: claims.jti, workspace: 'wsx-ilacs', role: 'reviewer', expiresAt: claims.exp, createdAt: expect.any(Number), revoked: null },
    ]);
    const isRevoked = (jti: string) => store.isRevoked(jti);
    expect(await verifyInvite(store.secret(), token, isRevoked)).toMatchObject({ ok: true, value: { ws: 'wsx-ilacs', role: 'reviewer' } });

    store.revoke(claims.jti, 'left the team');
    store.revoke(claims.jti, 'a second revocation keeps the first reason');
    expect(await verifyInvite(store.secret(), token, isRevoked)).toEqual({ ok: false, error: 'revoked' });
    expect(store.invites()[0]!.revoked).toEqual({ reason: 'left the team', at: expect.any(Number) });
    store.close();

    const reopened = openSqliteStore(dbPath);
    expect(reopened.isRevoked(claims.jti)).toBe(true);
    expect(reopened.isRevoked('someone-else')).toBe(false);
    reopened.close();
  });
});
