import * as Y from 'yjs';
import { updateMessage } from '../protocol/encode-message';
import type { Connection } from './connection';

/** One update a group commit stored, with the connection it came from. */
export interface CommittedUpdate {
  update: Uint8Array;
  origin: Connection;
  /** Exactly what `origin` sent: not sent back to it. */
  isEcho: boolean;
}

/**
 * The message each connection gets for a batch of committed updates: one, shared by every
 * connection that sent none of them, and one per sender without its own (none if that is all).
 */
export function broadcastMessages(batch: readonly CommittedUpdate[], connections: Iterable<Connection>): Map<Connection, Uint8Array> {
  const merged = (updates: Uint8Array[]) => updateMessage(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  const senders = new Set(batch.filter((c) => c.isEcho).map((c) => c.origin));
  const out = new Map<Connection, Uint8Array>();
  let forEveryone: Uint8Array | null = null;
  for (const conn of connections) {
    if (senders.has(conn)) {
      const others = batch.filter((c) => !(c.isEcho && c.origin === conn)).map((c) => c.update);
      if (others.length > 0) out.set(conn, merged(others));
    } else {
      forEveryone ??= merged(batch.map((c) => c.update));
      out.set(conn, forEveryone);
    }
  }
  return out;
}
