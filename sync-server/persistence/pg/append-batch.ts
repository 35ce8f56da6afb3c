import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { PgAppendResult } from './types';

export interface Append {
  workspace: string;
  update: Uint8Array;
}

interface Head {
  seq: number;
  entries: number;
  bytes: number;
}

/**
 * Locks the documents' head rows, in name order, in one statement: two instances' batches over the
 * same documents then wait for each other instead of deadlocking. Rows of documents not `known` to
 * exist are created first, before any lock is taken (locking some rows, then creating others, would
 * take locks out of order); another instance creating the same row meanwhile makes ON CONFLICT wait
 * for its transaction, then leave its row.
 */
async function lockHeads(client: PoolClient, workspaces: string[], known: ReadonlySet<string>): Promise<Map<string, Head>> {
  const unknown = workspaces.filter((workspace) => !known.has(workspace));
  if (unknown.length) await client.query('INSERT INTO documents (workspace) SELECT unnest($1::text[]) ON CONFLICT (workspace) DO NOTHING', [unknown]);
  const { rows } = await client.query(
    'SELECT workspace, head_seq, log_entries, log_bytes FROM documents WHERE workspace = ANY($1::text[]) ORDER BY workspace FOR UPDATE',
    [workspaces],
  );
  const heads = new Map(rows.map((row) => [String(row.workspace), { seq: Number(row.head_seq), entries: Number(row.log_entries), bytes: Number(row.log_bytes) }]));
  const missing = workspaces.filter((workspace) => !heads.has(workspace));
  if (missing.length) throw new Error(`document head rows missing after they were created: ${missing.join(', ')}`);
  return heads;
}

const keyOf = (workspace: string, digest: Buffer) => `${digest.toString('hex')}:${workspace}`;

/** The seqs of updates already stored with these digests (a resend), keyed by keyOf. */
async function findStored(client: PoolClient, workspaces: string[], digests: Buffer[]): Promise<Map<string, number>> {
  const { rows } = await client.query(
    `SELECT u.workspace, u.digest, u.seq FROM updates u
       JOIN unnest($1::text[], $2::bytea[]) AS t (workspace, digest) ON u.workspace = t.workspace AND u.digest = t.digest`,
    [workspaces, digests],
  );
  return new Map(rows.map((row) => [keyOf(String(row.workspace), row.digest as Buffer), Number(row.seq)]));
}

/**
 * Appends a batch inside the caller's transaction: locks each document's head row (`knownDocuments`:
 * those whose row is known to exist, committed), numbers the new
 * updates from it, stores them and moves the heads. An update whose bytes the document already
 * holds (its digest is stored, or it came earlier in this batch) gets the seq it has. The seqs are
 * final only once the caller's COMMIT returns.
 */
export async function appendInTransaction(
  client: PoolClient,
  appends: readonly Append[],
  at: number,
  knownDocuments: ReadonlySet<string>,
): Promise<PgAppendResult[]> {
  if (appends.length === 0) return [];
  const heads = await lockHeads(client, [...new Set(appends.map((a) => a.workspace))].sort(), knownDocuments);
  const digests = appends.map(({ update }) => createHash('sha256').update(update).digest());
  const stored = await findStored(
    client,
    appends.map((a) => a.workspace),
    digests,
  );

  const params: unknown[] = [at];
  const values: string[] = [];
  const moved = new Set<string>();
  const results = appends.map(({ workspace, update }, i): PgAppendResult => {
    const head = heads.get(workspace)!;
    const key = keyOf(workspace, digests[i]!);
    const seen = stored.get(key);
    if (seen !== undefined) return { seq: seen, isDuplicate: true, entries: head.entries, bytes: head.bytes };
    head.seq++;
    head.entries++;
    head.bytes += update.byteLength;
    stored.set(key, head.seq);
    moved.add(workspace);
    const n = params.length;
    values.push(`($${n + 1}, $${n + 2}, $${n + 3}, $1, $${n + 4})`);
    // A Buffer parameter travels in binary; the update is not copied.
    params.push(workspace, head.seq, digests[i], Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    return { seq: head.seq, isDuplicate: false, entries: head.entries, bytes: head.bytes };
  });
  if (values.length === 0) return results;

  const movedHeads = [...moved].map((workspace) => heads.get(workspace)!);
  const n = params.length;
  params.push(
    [...moved],
    movedHeads.map((head) => head.seq),
    movedHeads.map((head) => head.entries),
    movedHeads.map((head) => head.bytes),
  );
  // One round trip for the rows and the heads.
  await client.query(
    `WITH inserted AS (
       INSERT INTO updates (workspace, seq, digest, created_at, data) VALUES ${values.join(', ')}
     )
     UPDATE documents d SET head_seq = t.head_seq, log_entries = t.log_entries, log_bytes = t.log_bytes
       FROM unnest($${n + 1}::text[], $${n + 2}::bigint[], $${n + 3}::bigint[], $${n + 4}::bigint[]) AS t (workspace, head_seq, log_entries, log_bytes)
      WHERE d.workspace = t.workspace`,
    params,
  );
  return results;
}
