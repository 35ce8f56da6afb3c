import type { DatabaseSync } from 'node:sqlite';

/** Every statement the SQLite store runs, prepared once per connection and reused. */
export function prepareStatements(db: DatabaseSync) {
  return {
    // BEGIN/COMMIT prepared too: db.exec would parse them again for every transaction.
    beginImmediate: db.prepare('BEGIN IMMEDIATE'),
    beginDeferred: db.prepare('BEGIN DEFERRED'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    snapshot: db.prepare('SELECT state, through_seq, updated_at FROM snapshots WHERE workspace = ?'),
    snapshotSeq: db.prepare('SELECT through_seq FROM snapshots WHERE workspace = ?'),
    updatesAfter: db.prepare('SELECT seq, data FROM updates WHERE workspace = ? AND seq > ? ORDER BY seq'),
    append: db.prepare(`
      INSERT INTO updates (workspace, seq, data, created_at)
      VALUES ($ws, MAX(COALESCE((SELECT MAX(seq) FROM updates WHERE workspace = $ws), 0),
                       COALESCE((SELECT through_seq FROM snapshots WHERE workspace = $ws), 0)) + 1,
              $data, $at)
      RETURNING seq`),
    logStats: db.prepare(`SELECT COUNT(*) AS entries, COALESCE(SUM(LENGTH(data)), 0) AS bytes,
      COALESCE(MAX(seq), 0) AS last FROM updates WHERE workspace = ?`),
    putSnapshot: db.prepare(`INSERT INTO snapshots (workspace, state, through_seq, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (workspace) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq,
      updated_at = excluded.updated_at`),
    /** The entries after the newest squashed one (and after the snapshot): what the next squash merges. */
    unsquashedTail: db.prepare(`SELECT seq, data FROM updates WHERE workspace = $ws AND seq > $after
      AND seq > COALESCE((SELECT MAX(seq) FROM updates WHERE workspace = $ws AND merged > 1), 0) ORDER BY seq`),
    rangeStats: db.prepare('SELECT COUNT(*) AS entries, COALESCE(MAX(merged), 0) AS most FROM updates WHERE workspace = ? AND seq BETWEEN ? AND ?'),
    dropRange: db.prepare('DELETE FROM updates WHERE workspace = ? AND seq BETWEEN ? AND ?'),
    putSquashed: db.prepare('INSERT INTO updates (workspace, seq, data, created_at, merged) VALUES (?, ?, ?, ?, ?)'),
    dropThrough: db.prepare('DELETE FROM updates WHERE workspace = ? AND seq <= ?'),
    workspaces: db.prepare('SELECT workspace FROM updates UNION SELECT workspace FROM snapshots ORDER BY workspace'),
    isRevoked: db.prepare('SELECT 1 FROM revocations WHERE jti = ?'),
    revoke: db.prepare('INSERT OR IGNORE INTO revocations (jti, reason, revoked_at) VALUES (?, ?, ?)'),
    recordInvite: db.prepare('INSERT INTO invites (jti, workspace, role, expires_at, created_at) VALUES (?, ?, ?, ?, ?)'),
    invites: db.prepare(`SELECT i.jti, i.workspace, i.role, i.expires_at, i.created_at, r.reason, r.revoked_at
      FROM invites i LEFT JOIN revocations r ON r.jti = i.jti ORDER BY i.created_at, i.jti`),
    keepSecret: db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    readSecret: db.prepare('SELECT value FROM meta WHERE key = ?'),
    checkpoint: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
  };
}
