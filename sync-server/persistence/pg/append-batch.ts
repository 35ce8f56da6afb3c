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

/** What a batch does once its heads are locked and its digests looked up (pure). */
interface AppendPlan {
  results: PgAppendResult[];
  /** The new log rows, in seq order per document. */
  rows: Array<{ workspace: string; seq: number; digest: Buffer; update: Uint8Array }>;
  /** The heads that moved, as they are after the batch. */
  heads: Array<{ workspace: string } & Head>;
}

/**
 * Numbers the new updates from each document's head. An update whose bytes the document already
 * holds (its digest is stored, or it came earlier in this batch) gets the seq it has.
 */
function planAppends(appends: readonly Append[], digests: Buffer[], heads: Map<string, Head>, stored: Map<string, number>): AppendPlan {
  const rows: AppendPlan['rows'] = [];
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
    rows.push({ workspace, seq: head.seq, digest: digests[i]!, update });
    return { seq: head.seq, isDuplicate: false, entries: head.entries, bytes: head.bytes };
  });
  return { results, rows, heads: [...moved].map((workspace) => ({ workspace, ...heads.get(workspace)! })) };
}

const digestsOf = (appends: readonly Append[]) => appends.map(({ update }) => createHash('sha256').update(update).digest());
const documentsOf = (appends: readonly Append[]) => [...new Set(appends.map((a) => a.workspace))].sort();

/**
 * Appends a batch inside the caller's transaction: locks each document's head row (`knownDocuments`:
 * those whose row is known to exist, committed), numbers the new updates from it (planAppends),
 * stores them and moves the heads. The seqs are final only once the caller's COMMIT returns.
 */
export async function appendInTransaction(
  client: PoolClient,
  appends: readonly Append[],
  at: number,
  knownDocuments: ReadonlySet<string>,
): Promise<PgAppendResult[]> {
  if (appends.length === 0) return [];
  const heads = await lockHeads(client, documentsOf(appends), knownDocuments);
  const digests = digestsOf(appends);
  const stored = await findStored(
    client,
    appends.map((a) => a.workspace),
    digests,
  );
  const plan = planAppends(appends, digests, heads, stored);
  if (plan.rows.length === 0) return plan.results;

  const params: unknown[] = [at];
  const values = plan.rows.map(({ workspace, seq, digest, update }) => {
    const n = params.length;
    // A Buffer parameter travels in binary; the update is not copied.
    params.push(workspace, seq, digest, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    return `($${n + 1}, $${n + 2}, $${n + 3}, $1, $${n + 4})`;
  });
  const n = params.length;
  params.push(
    plan.heads.map((head) => head.workspace),
    plan.heads.map((head) => head.seq),
    plan.heads.map((head) => head.entries),
    plan.heads.map((head) => head.bytes),
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
  return plan.results;
}

/**
 * A whole group commit in two round trips, BEGIN to COMMIT: the same statements as
 * appendInTransaction inside `BEGIN; SET LOCAL synchronous_commit = on … COMMIT`, sent as SQL text
 * (names quoted by the driver's escapeLiteral, bytes as hex), so that several travel in one message:
 * (1) begin, create unknown head rows, lock the heads, look up the digests; (2) insert the rows, move
 * the heads, commit. Each round trip wakes a PostgreSQL backend; on a busy machine every wake-up
 * can wait for a core, so five of them per commit made a commit's tail. For batches small enough
 * to send as text (the caller checks); the caller rolls back if it throws.
 */
export async function commitInTwoRoundTrips(
  client: PoolClient,
  appends: readonly Append[],
  at: number,
  knownDocuments: ReadonlySet<string>,
): Promise<PgAppendResult[]> {
  const text = (value: string) => client.escapeLiteral(value);
  const bytes = (value: Uint8Array) => `decode('${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}', 'hex')`;
  const documents = documentsOf(appends);
  const unknown = documents.filter((workspace) => !knownDocuments.has(workspace));
  const digests = digestsOf(appends);
  const lookups = [
    'BEGIN',
    'SET LOCAL synchronous_commit = on',
    // Created before any lock is taken, as in lockHeads.
    ...(unknown.length ? [`INSERT INTO documents (workspace) VALUES ${unknown.map((w) => `(${text(w)})`).join(', ')} ON CONFLICT (workspace) DO NOTHING`] : []),
    `SELECT workspace, head_seq, log_entries, log_bytes FROM documents WHERE workspace IN (${documents.map(text).join(', ')}) ORDER BY workspace FOR UPDATE`,
    `SELECT u.workspace, u.digest, u.seq FROM updates u
       JOIN (VALUES ${appends.map((a, i) => `(${text(a.workspace)}, ${bytes(digests[i]!)})`).join(', ')}) AS t (workspace, digest)
       ON u.workspace = t.workspace AND u.digest = t.digest`,
  ];
  const answers = (await client.query(lookups.join(';\n'))) as unknown as Array<{ rows: Array<Record<string, unknown>> }>;
  const [headRows, storedRows] = [answers.at(-2)!.rows, answers.at(-1)!.rows];
  const heads = new Map(headRows.map((row) => [String(row.workspace), { seq: Number(row.head_seq), entries: Number(row.log_entries), bytes: Number(row.log_bytes) }]));
  const missing = documents.filter((workspace) => !heads.has(workspace));
  if (missing.length) throw new Error(`document head rows missing after they were created: ${missing.join(', ')}`);
  const stored = new Map(storedRows.map((row) => [keyOf(String(row.workspace), row.digest as Buffer), Number(row.seq)]));
  const plan = planAppends(appends, digests, heads, stored);
  if (plan.rows.length === 0) {
    await client.query('COMMIT');
    return plan.results;
  }
  const rows = plan.rows.map(({ workspace, seq, digest, update }) => `(${text(workspace)}, ${seq}, ${bytes(digest)}, ${Math.trunc(at)}, ${bytes(update)})`);
  const moved = plan.heads.map(({ workspace, seq, entries, bytes: size }) => `(${text(workspace)}, ${seq}::bigint, ${entries}::bigint, ${size}::bigint)`);
  await client.query(
    `WITH inserted AS (
       INSERT INTO updates (workspace, seq, digest, created_at, data) VALUES ${rows.join(', ')}
     )
     UPDATE documents d SET head_seq = t.head_seq, log_entries = t.log_entries, log_bytes = t.log_bytes
       FROM (VALUES ${moved.join(', ')}) AS t (workspace, head_seq, log_entries, log_bytes)
      WHERE d.workspace = t.workspace;
     COMMIT`,
  );
  return plan.results;
}
