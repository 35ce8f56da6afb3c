import type { DatabaseSync } from 'node:sqlite';

/**
 * The SQLite schema, as numbered steps: step i (0-based) takes the database from version i to i + 1.
 * Steps are append-only: never edit one that has shipped, add the next (data that
 * outlives a release"). Every `*_at` column is Unix milliseconds.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the update log, snapshots, invites, revocations and the signing secret.
  `
  CREATE TABLE updates (
    workspace  TEXT    NOT NULL,
    seq        INTEGER NOT NULL,   -- 1, 2, 3… per workspace; never reused, even after compaction
    data       BLOB    NOT NULL,   -- one Yjs update (v1 encoding)
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace, seq)
  );
  CREATE TABLE snapshots (
    workspace   TEXT PRIMARY KEY,
    state       BLOB    NOT NULL,  -- Y.encodeStateAsUpdate of snapshot + log through through_seq
    through_seq INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  CREATE TABLE invites (
    jti        TEXT PRIMARY KEY,
    workspace  TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE revocations (
    jti        TEXT PRIMARY KEY,
    reason     TEXT    NOT NULL,
    revoked_at INTEGER NOT NULL
  );
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
  `,
  // 2: a log entry may hold several accepted updates merged into one (`merged`: a squash, see
  // store-worker.ts); and in both tables the blob is now the last column. SQLite stores a row's
  // columns in order, and a blob larger than a page continues on a chain of overflow pages, so
  // reading a column declared after it (a snapshot's through_seq, read by every append) walked the
  // whole chain: hundreds of pages per append once a snapshot reaches megabytes.
  `
  CREATE TABLE updates_v2 (
    workspace  TEXT    NOT NULL,
    seq        INTEGER NOT NULL,   -- 1, 2, 3… per workspace; never reused, even after compaction
    merged     INTEGER NOT NULL DEFAULT 1, -- how many accepted updates it holds (more than 1: a squash)
    created_at INTEGER NOT NULL,
    data       BLOB    NOT NULL,   -- one Yjs update (v1 encoding)
    PRIMARY KEY (workspace, seq)
  );
  INSERT INTO updates_v2 (workspace, seq, merged, created_at, data) SELECT workspace, seq, 1, created_at, data FROM updates;
  DROP TABLE updates;
  ALTER TABLE updates_v2 RENAME TO updates;
  CREATE TABLE snapshots_v2 (
    workspace   TEXT PRIMARY KEY,
    through_seq INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    state       BLOB    NOT NULL   -- Y.encodeStateAsUpdate of snapshot + log through through_seq
  );
  INSERT INTO snapshots_v2 (workspace, through_seq, updated_at, state) SELECT workspace, through_seq, updated_at, state FROM snapshots;
  DROP TABLE snapshots;
  ALTER TABLE snapshots_v2 RENAME TO snapshots;
  `,
  // 3: history. Compaction no longer drops what it folds: every accepted update stays in `updates`
  // for the retention window (EVIDENT_HISTORY_DAYS), so the workspace can be rebuilt as it was at any
  // time inside it; `created_at` is its commit time. A workspace keeps several snapshots, each a
  // restore point (`state_at`: the commit time of the newest update it holds); the newest is the one
  // a room loads. A squash, which merges the log's tail so a room loads fast, is stored beside the
  // updates it merged (in `squashes`), no longer in their place. Entries squashed before this version
  // (`merged` > 1) stay in `updates` as they are: restore points at their end only. A snapshot from
  // before it gets its fold time as `state_at`, later than its newest update's commit or equal:
  // restoring to a time before it then never picks it.
  `
  CREATE TABLE snapshots_v3 (
    workspace   TEXT    NOT NULL,
    through_seq INTEGER NOT NULL,
    state_at    INTEGER NOT NULL,  -- the commit time of update through_seq: the time it restores to
    created_at  INTEGER NOT NULL,  -- when the fold was stored
    state       BLOB    NOT NULL,  -- Y.encodeStateAsUpdate of the workspace through through_seq
    PRIMARY KEY (workspace, through_seq)
  );
  INSERT INTO snapshots_v3 (workspace, through_seq, state_at, created_at, state)
    SELECT workspace, through_seq, updated_at, updated_at, state FROM snapshots;
  DROP TABLE snapshots;
  ALTER TABLE snapshots_v3 RENAME TO snapshots;
  CREATE TABLE squashes (
    workspace   TEXT    NOT NULL,
    through_seq INTEGER NOT NULL,
    first_seq   INTEGER NOT NULL,
    merged      INTEGER NOT NULL,  -- how many log entries it merges (first_seq..through_seq)
    created_at  INTEGER NOT NULL,
    data        BLOB    NOT NULL,  -- Y.mergeUpdates of those entries
    PRIMARY KEY (workspace, through_seq)
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** A database this build cannot use: written by a newer evident-sync, or a step that failed. */
export class StoreSchemaError extends Error {
  override name = 'StoreSchemaError';
}

/**
 * Brings the database at `path` to SCHEMA_VERSION, one step per transaction, each recorded in
 * `schema_migrations`. A database from a newer version is refused with both versions named, never
 * downgraded. BEGIN IMMEDIATE takes the write lock before reading the version, so two processes
 * opening a fresh file (the server and the CLI) cannot both apply step 1.
 */
export function migrate(db: DatabaseSync, path: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at INTEGER NOT NULL
  )`);
  const current = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const version = Number(current.get()!.version);
      if (version > SCHEMA_VERSION) {
        throw new StoreSchemaError(
          `${path}: database schema version ${version} is newer than this evident-sync understands ` +
            `(${SCHEMA_VERSION}); update evident-sync`,
        );
      }
      if (version === SCHEMA_VERSION) {
        db.exec('COMMIT');
        return version;
      }
      try {
        db.exec(MIGRATIONS[version]!);
      } catch (e) {
        throw new StoreSchemaError(`${path}: schema migration ${version + 1} failed: ${(e as Error).message}`);
      }
      record.run(version + 1, Date.now());
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}
