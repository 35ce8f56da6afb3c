import { createHash, randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_HISTORY_DAYS, historyMsOf } from '../history-policy';
import { appendInTransaction } from './append-batch';
import { compactDocument } from './compaction';
import { openPgPool, type PgPoolOptions } from './database-url';
import { foldLog } from '../fold-log';
import { migrate } from './migrations';
import { pgHistoryQueries } from './pg-history';
import { inviteRecordOf } from '../types';
import type { LoadedDoc, PgSyncStore } from './types';

export interface PgStoreOptions extends PgPoolOptions {
  /** EVIDENT_SECRET, when set: the signing key is derived from it and never stored. */
  secretFromEnv?: string;
  /** How long history is kept (ms). Default 30 days, as with SQLite. */
  historyMs?: number;
  /** The clock commits are stamped with (Unix ms). */
  now?: () => number;
}

const SECRET_KEY = 'signing_secret';
const DATABASE_ID_KEY = 'database_id';
/** A deadlock or a serialization failure: PostgreSQL rolled the transaction back, so it can run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const COMMIT_ATTEMPTS = 3;

const bytesOf = (value: unknown) => value as Buffer;

/**
 * Opens the store on EVIDENT_DATABASE_URL: a pool checked by connecting (DatabaseUrlError if the URL
 * cannot be used), and the schema brought up to date (StoreSchemaError if it is newer than this build).
 */
export async function openPgStore(databaseUrl: string, options: PgStoreOptions = {}): Promise<PgSyncStore> {
  const pool = await openPgPool(databaseUrl, options);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return pgStoreOn(pool, options, { ownsPool: true });
}

/** The store on a pool whose schema is up to date (`migrate`). `ownsPool`: close() ends it. */
export function pgStoreOn(pool: Pool, options: PgStoreOptions = {}, { ownsPool = false } = {}): PgSyncStore {
  const now = options.now ?? Date.now;
  const historyMs = options.historyMs ?? historyMsOf(DEFAULT_HISTORY_DAYS);

  /** Runs `work` in a transaction on one connection; a connection that failed to roll back is not reused. */
  const inTransaction = async <T>(begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let isBroken = false;
    try {
      await client.query(begin);
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (isBroken = true));
        throw e;
      }
    } finally {
      client.release(isBroken);
    }
  };
  // Reads of several statements see one state (a snapshot and the rows after it).
  const readConsistently = <T>(work: (client: PoolClient) => Promise<T>) => inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work);

  const readLiveLog = async (client: PoolClient, workspace: string): Promise<LoadedDoc> => {
    const { rows: snapshots } = await client.query(
      'SELECT through_seq, state FROM snapshots WHERE workspace = $1 ORDER BY through_seq DESC LIMIT 1',
      [workspace],
    );
    const snapshotSeq = snapshots.length ? Number(snapshots[0]!.through_seq) : 0;
    const { rows } = await client.query('SELECT seq, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq', [workspace, snapshotSeq]);
    return {
      snapshot: snapshots.length ? bytesOf(snapshots[0]!.state) : null,
      snapshotSeq,
      updates: rows.map((row) => bytesOf(row.data)),
      lastSeq: rows.length ? Number(rows.at(-1)!.seq) : snapshotSeq,
    };
  };

  let secret: Uint8Array | null = options.secretFromEnv ? new Uint8Array(createHash('sha256').update(options.secretFromEnv, 'utf8').digest()) : null;

  /** Insert if absent, then read: instances racing on a fresh database all get the first one stored. */
  const keepRandom = async (key: string, bytes: number): Promise<Buffer> => {
    await pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, randomBytes(bytes)]);
    const { rows } = await pool.query('SELECT value FROM meta WHERE key = $1', [key]);
    return bytesOf(rows[0]!.value);
  };
  let databaseId: string | null = null;
  /** Documents whose head row this store has seen committed: their commits skip the INSERT … ON CONFLICT. */
  const knownDocuments = new Set<string>();
  let closing: Promise<void> | null = null;
  const store: PgSyncStore = {
    ...pgHistoryQueries(readConsistently),

    loadDoc: (workspace) => readConsistently((client) => readLiveLog(client, workspace)),

    readUpdatesAfter: (workspace, afterSeq, limit = 1000) =>
      readConsistently(async (client) => {
        const { rows: head } = await client.query('SELECT pruned_through FROM documents WHERE workspace = $1', [workspace]);
        const prunedThrough = head.length ? Number(head[0]!.pruned_through) : 0;
        if (afterSeq < prunedThrough) return { ok: false as const, reason: 'pruned' as const, prunedThrough };
        const { rows } = await client.query('SELECT seq, data FROM updates WHERE workspace = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
          workspace,
          afterSeq,
          limit,
        ]);
        return { ok: true as const, entries: rows.map((row) => ({ seq: Number(row.seq), update: bytesOf(row.data) })) };
      }),

    async commit(appends) {
      if (appends.length === 0) return [];
      for (let attempt = 1; ; attempt++) {
        try {
          // SET LOCAL: durable at COMMIT whatever the server's or role's default says; one round trip with BEGIN.
          const results = await inTransaction('BEGIN; SET LOCAL synchronous_commit = on', (client) => appendInTransaction(client, appends, now(), knownDocuments));
          // Committed: their head rows exist for good (rows in `documents` are never deleted).
          for (const { workspace } of appends) knownDocuments.add(workspace);
          return results;
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (attempt < COMMIT_ATTEMPTS && code && RETRYABLE.has(code)) continue;
          throw e;
        }
      }
    },

    appendUpdate: async (workspace, update) => (await store.commit([{ workspace, update }]))[0]!,

    appendUpdateIf: (workspace, update, expectedLastSeq) =>
      inTransaction('BEGIN; SET LOCAL synchronous_commit = on', async (client) => {
        await client.query('INSERT INTO documents (workspace) VALUES ($1) ON CONFLICT (workspace) DO NOTHING', [workspace]);
        const { rows } = await client.query('SELECT head_seq FROM documents WHERE workspace = $1 FOR UPDATE', [workspace]);
        if (Number(rows[0]!.head_seq) !== expectedLastSeq) return null;
        return (await appendInTransaction(client, [{ workspace, update }], now(), new Set([workspace])))[0]!;
      }),

    compact: (workspace, fold = foldLog) => compactDocument(pool, workspace, fold, { historyMs, now }),

    async logInfo(workspace) {
      const { rows } = await pool.query('SELECT head_seq, log_entries, log_bytes FROM documents WHERE workspace = $1', [workspace]);
      if (!rows.length) return { lastSeq: 0, entries: 0, bytes: 0 };
      return { lastSeq: Number(rows[0]!.head_seq), entries: Number(rows[0]!.log_entries), bytes: Number(rows[0]!.log_bytes) };
    },

    async workspaces() {
      const { rows } = await pool.query('SELECT workspace FROM documents WHERE head_seq > 0 ORDER BY workspace');
      return rows.map((row) => String(row.workspace));
    },

    async snapshotInfo(workspace) {
      const { rows } = await pool.query(
        'SELECT through_seq, octet_length(state) AS bytes FROM snapshots WHERE workspace = $1 ORDER BY through_seq DESC LIMIT 1',
        [workspace],
      );
      return rows.length ? { throughSeq: Number(rows[0]!.through_seq), bytes: Number(rows[0]!.bytes) } : null;
    },

    async headSeqs(workspaces) {
      const heads = new Map(workspaces.map((workspace) => [workspace, 0]));
      const { rows } = await pool.query('SELECT workspace, head_seq FROM documents WHERE workspace = ANY($1::text[])', [workspaces]);
      for (const row of rows) heads.set(String(row.workspace), Number(row.head_seq));
      return heads;
    },

    async isRevoked(jti) {
      return (await pool.query('SELECT 1 FROM revocations WHERE jti = $1', [jti])).rowCount! > 0;
    },
    async revocationsSince(sinceMs) {
      const { rows } = await pool.query('SELECT jti, revoked_at FROM revocations WHERE revoked_at >= $1', [sinceMs]);
      return rows.map((row) => ({ jti: String(row.jti), at: Number(row.revoked_at) }));
    },
    async revoke(jti, reason) {
      await pool.query('INSERT INTO revocations (jti, reason, revoked_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING', [jti, reason, Date.now()]);
    },
    async recordInvite({ jti, workspace, role, expiresAt }) {
      await pool.query('INSERT INTO invites (jti, workspace, role, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [
        jti,
        workspace,
        role,
        expiresAt * 1000,
        Date.now(),
      ]);
    },
    async invites() {
      const { rows } = await pool.query(`SELECT i.jti, i.workspace, i.role, i.expires_at, i.created_at, r.reason, r.revoked_at
        FROM invites i LEFT JOIN revocations r ON r.jti = i.jti ORDER BY i.created_at, i.jti`);
      return rows.map(inviteRecordOf);
    },
    async secret() {
      secret ??= new Uint8Array(await keepRandom(SECRET_KEY, 32));
      return secret;
    },
    async databaseId() {
      databaseId ??= (await keepRandom(DATABASE_ID_KEY, 8)).toString('hex');
      return databaseId;
    },

    async ping() {
      await pool.query('SELECT 1');
    },

    close() {
      closing ??= ownsPool ? pool.end() : Promise.resolve();
      return closing;
    },
  };
  return store;
}
