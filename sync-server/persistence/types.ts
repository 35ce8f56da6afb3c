/**
 * What the sync server and the CLI need from storage. The embedded default is SQLite
 * (sqlite-store.ts, on Node's `node:sqlite`); the interface leaves room for PostgreSQL
 * as a second implementation. Calls are synchronous because `node:sqlite` is: an update is on
 * disk when `appendUpdate` returns. The server reads through this interface on its main thread and
 * writes updates through a StoreWriter (store-writer.ts): a worker thread with its own connection
 * that group-commits them, so no fsync blocks the event loop.
 */
export interface SyncStore {
  /** The workspace's stored state: the latest snapshot and every update logged after it. */
  loadDoc(workspace: string): { snapshot: Uint8Array | null; updates: Uint8Array[] };
  /** Appends one accepted update to the log, durably (WAL, synchronous=FULL). Returns its seq. */
  appendUpdate(workspace: string, update: Uint8Array): number;
  /**
   * Stores `state` as the newest snapshot, holding the log through `throughSeq`. What it replaces
   * is kept as history for the retention window (the older snapshot as a restore point, the entries
   * it holds), then dropped.
   */
  compact(workspace: string, state: Uint8Array, throughSeq: number): void;
  /**
   * The sequence number of the newest log entry (0 when nothing was ever stored), and how many
   * entries and bytes a load replays after the snapshot.
   */
  logInfo(workspace: string): { lastSeq: number; entries: number; bytes: number };
  workspaces(): string[];

  isRevoked(jti: string): boolean;
  revoke(jti: string, reason: string): void;
  /** Records a minted token (id, workspace, role, expiry in Unix seconds, as its `exp`) so it can be listed and revoked by id. */
  recordInvite(invite: { jti: string; workspace: string; role: string; expiresAt: number }): void;
  /** The signing secret: generated once and kept here, unless EVIDENT_SECRET is set. */
  secret(): Uint8Array;
  /**
   * Which server serves this database (null: none any more). `serve` records itself once it
   * listens and clears it when it stops, so a command that changes a workspace (restore) can send
   * its change through the running server to the clients connected, rather than under it.
   */
  recordRunningServer(server: RunningServerRecord | null): void;
  runningServer(): RunningServerRecord | null;
  close(): void;
}

export interface RunningServerRecord {
  /** Its WebSocket address, as `serve` printed it. */
  url: string;
  pid: number;
  /** Unix ms. */
  startedAt: number;
}

/** A minted invite as `list` shows it, from either store. */
export interface InviteRecord {
  jti: string;
  workspace: string;
  role: string;
  /** Unix seconds, as the token's `exp`. */
  expiresAt: number;
  createdAt: number;
  revoked: { reason: string; at: number } | null;
}

/** An `invites LEFT JOIN revocations` row (expires_at and created_at in Unix ms) as an InviteRecord. */
export function inviteRecordOf(row: Record<string, unknown>): InviteRecord {
  return {
    jti: String(row.jti),
    workspace: String(row.workspace),
    role: String(row.role),
    expiresAt: Number(row.expires_at) / 1000,
    createdAt: Number(row.created_at),
    revoked: row.reason == null ? null : { reason: String(row.reason), at: Number(row.revoked_at) },
  };
}
