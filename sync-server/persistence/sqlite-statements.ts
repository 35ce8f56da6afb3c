import type { DatabaseSync } from 'node:sqlite';

/**
 * Every statement the SQLite store runs, prepared once per connection and reused.
 *
 * What a room loads (the "live log"): the newest snapshot, the squashes after it, then the updates
 * after the newest of those. Everything else in `updates` and `snapshots` is history, kept for the
 * retention window (sqlite-history.ts).
 */
export function prepareStatements(db: DatabaseSync) {
  return {
    // BEGIN/COMMIT prepared too: db.exec would parse them again for every transaction.
    beginImmediate: db.prepare('BEGIN IMMEDIATE'),
    beginDeferred: db.prepare('BEGIN DEFERRED'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    latestSnapshot: db.prepare('SELECT through_seq, state_at, state FROM snapshots WHERE workspace = ? ORDER BY through_seq DESC LIMIT 1'),
    /** Answered from the primary key's index: no snapshot blob is read. */
    latestSnapshotSeq: db.prepare('SELECT COALESCE(MAX(through_seq), 0) AS seq FROM snapshots WHERE workspace = ?'),
    latestSnapshotInfo: db.prepare(`SELECT through_seq, state_at, created_at, LENGTH(state) AS bytes FROM snapshots
      WHERE workspace = ? ORDER BY through_seq DESC LIMIT 1`),
    newestSquashSeq: db.prepare('SELECT COALESCE(MAX(through_seq), 0) AS seq FROM squashes WHERE workspace = ?'),
    squashesAfter: db.prepare('SELECT through_seq AS seq, data FROM squashes WHERE workspace = ? AND through_seq > ? ORDER BY through_seq'),
    updatesAfter: db.prepare('SELECT seq, data FROM updates WHERE workspace = ? AND seq > ? ORDER BY seq'),
    append: db.prepare(`
      INSERT INTO updates (workspace, seq, data, created_at)
      VALUES ($ws, MAX(COALESCE((SELECT MAX(seq) FROM updates WHERE workspace = $ws), 0),
                       COALESCE((SELECT MAX(through_seq) FROM snapshots WHERE workspace = $ws), 0)) + 1,
              $data, $at)
      RETURNING seq`),
    lastUpdateSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workspace = ?'),
    /** Entries and bytes of the updates after `after` (LENGTH of a blob reads no overflow page). */
    updateStats: db.prepare('SELECT COUNT(*) AS entries, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE workspace = ? AND seq > ?'),
    squashStats: db.prepare('SELECT COUNT(*) AS entries, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM squashes WHERE workspace = ? AND through_seq > ?'),
    putSnapshot: db.prepare(`INSERT INTO snapshots (workspace, through_seq, state_at, created_at, state) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workspace, through_seq) DO UPDATE SET state_at = excluded.state_at, created_at = excluded.created_at, state = excluded.state`),
    commitTimeOf: db.prepare('SELECT created_at FROM updates WHERE workspace = ? AND seq = ?'),
    rangeCount: db.prepare('SELECT COUNT(*) AS entries FROM updates WHERE workspace = ? AND seq BETWEEN ? AND ?'),
    putSquash: db.prepare('INSERT INTO squashes (workspace, through_seq, first_seq, merged, created_at, data) VALUES (?, ?, ?, ?, ?, ?)'),
    dropSquashesThrough: db.prepare('DELETE FROM squashes WHERE workspace = ? AND through_seq <= ?'),
    workspaces: db.prepare('SELECT workspace FROM updates UNION SELECT workspace FROM snapshots ORDER BY workspace'),
    isRevoked: db.prepare('SELECT 1 FROM revocations WHERE jti = ?'),
    revoke: db.prepare('INSERT OR IGNORE INTO revocations (jti, reason, revoked_at) VALUES (?, ?, ?)'),
    recordInvite: db.prepare('INSERT INTO invites (jti, workspace, role, expires_at, created_at) VALUES (?, ?, ?, ?, ?)'),
    invites: db.prepare(`SELECT i.jti, i.workspace, i.role, i.expires_at, i.created_at, r.reason, r.revoked_at
      FROM invites i LEFT JOIN revocations r ON r.jti = i.jti ORDER BY i.created_at, i.jti`),
    keepSecret: db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    readMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    putMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    dropMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
    checkpoint: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),

    // History (sqlite-history.ts).
    snapshotPoints: db.prepare('SELECT through_seq, state_at, LENGTH(state) AS bytes FROM snapshots WHERE workspace = ? ORDER BY through_seq'),
    /** LENGTH of a blob reads no overflow page: this walks the index and the rows' headers only. */
    loggedBytesBetween: db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE workspace = ? AND seq > ? AND seq <= ?'),
    snapshotAt: db.prepare('SELECT through_seq, state_at, state FROM snapshots WHERE workspace = ? AND through_seq = ?'),
    dropSnapshot: db.prepare('DELETE FROM snapshots WHERE workspace = ? AND through_seq = ?'),
    dropUpdatesThrough: db.prepare('DELETE FROM updates WHERE workspace = ? AND seq <= ?'),
    historyAfter: db.prepare('SELECT seq, merged, created_at, data FROM updates WHERE workspace = ? AND seq > ? ORDER BY seq'),
    firstEntry: db.prepare('SELECT seq, merged, created_at FROM updates WHERE workspace = ? ORDER BY seq LIMIT 1'),
    lastEntry: db.prepare('SELECT seq, created_at FROM updates WHERE workspace = ? ORDER BY seq DESC LIMIT 1'),
    oldestSnapshot: db.prepare('SELECT through_seq, state_at FROM snapshots WHERE workspace = ? ORDER BY through_seq LIMIT 1'),
    /** Entries squashed before schema v3 hold several updates under one time: no moment inside them can be rebuilt. */
    newestLegacySquash: db.prepare('SELECT MAX(created_at) AS at FROM updates WHERE workspace = ? AND merged > 1'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
