import type { Pool } from 'pg';
import { StoreSchemaError } from '../migrations';

/**
 * The PostgreSQL schema, as numbered steps: step i (0-based) takes the database from version i to
 * i + 1. Append-only: never edit a step that has shipped, add the next. Every `*_at` column is Unix
 * milliseconds; seqs are bigint (read back as numbers: 2^53 updates is out of reach).
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: document heads, the update log, snapshots, invites, revocations and the signing secret.
  `
  CREATE TABLE documents (
    workspace      text   PRIMARY KEY,
    head_seq       bigint NOT NULL DEFAULT 0, -- the last seq given; only a commit holding this row's lock moves it
    snapshot_seq   bigint NOT NULL DEFAULT 0, -- through_seq of the newest snapshot
    pruned_through bigint NOT NULL DEFAULT 0, -- log rows up to here are gone (snapshots hold them)
    log_entries    bigint NOT NULL DEFAULT 0, -- rows after snapshot_seq: what a load replays
    log_bytes      bigint NOT NULL DEFAULT 0
  );
  CREATE TABLE updates (
    workspace  text   NOT NULL,
    seq        bigint NOT NULL,  -- 1, 2, 3… per document, contiguous, in commit order
    digest     bytea  NOT NULL,  -- SHA-256 of data: an update sent again is stored once
    created_at bigint NOT NULL,
    data       bytea  NOT NULL,  -- one Yjs update (v1 encoding)
    PRIMARY KEY (workspace, seq)
  );
  CREATE UNIQUE INDEX updates_digest ON updates (workspace, digest);
  CREATE TABLE snapshots (
    workspace   text   NOT NULL,
    through_seq bigint NOT NULL,
    state_at    bigint NOT NULL, -- the commit time of update through_seq: the moment it shows
    created_at  bigint NOT NULL,
    state       bytea  NOT NULL, -- Y.encodeStateAsUpdate of the document through through_seq
    PRIMARY KEY (workspace, through_seq)
  );
  CREATE TABLE invites (
    jti        text   PRIMARY KEY,
    workspace  text   NOT NULL,
    role       text   NOT NULL,
    expires_at bigint NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE TABLE revocations (
    jti        text   PRIMARY KEY,
    reason     text   NOT NULL,
    revoked_at bigint NOT NULL
  );
  CREATE TABLE meta (
    key   text  PRIMARY KEY,
    value bytea NOT NULL
  );
  `,
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/**
 * Any fixed number: advisory locks are one namespace per database, shared with whatever else uses
 * it, so ours are (this class, a key). Migrations take (class, 0); compactions (class, hash of the document).
 */
export const ADVISORY_LOCK_CLASS = 0x45766964; // "Evid"

/**
 * Brings the database to PG_SCHEMA_VERSION, one step per transaction, each recorded in
 * `schema_migrations`. Instances starting together wait for each other on an advisory lock, so
 * a step is applied once. A database from a newer version is refused, never downgraded.
 * Returns the version it is at. `evident-sync migrate` runs it; so does opening the store.
 */
export async function migrate(pool: Pool, where = 'PostgreSQL'): Promise<number> {
  const client = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, 0)', [ADVISORY_LOCK_CLASS]);
        // Under the lock: two instances creating it at once would collide in the catalog.
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version    integer PRIMARY KEY,
          applied_at bigint  NOT NULL
        )`);
        const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
        const version = Number(rows[0]!.version);
        if (version > PG_SCHEMA_VERSION) {
          throw new StoreSchemaError(
            `${where}: database schema version ${version} is newer than this evident-sync understands (${PG_SCHEMA_VERSION}); update evident-sync`,
          );
        }
        if (version === PG_SCHEMA_VERSION) {
          await client.query('COMMIT');
          return version;
        }
        try {
          await client.query(PG_MIGRATIONS[version]!);
        } catch (e) {
          throw new StoreSchemaError(`${where}: schema migration ${version + 1} failed: ${(e as Error).message}`);
        }
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }
  } finally {
    client.release();
  }
}

/** The schema version the database is at now (0: never migrated), without changing it. */
export async function schemaVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ exists: string | null }>("SELECT to_regclass('schema_migrations') AS exists");
  if (rows[0]!.exists === null) return 0;
  const { rows: versions } = await pool.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  return Number(versions[0]!.version);
}
