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
 * Merging a batch costs about 30 µs plus 6 µs per update (Y.mergeUpdates, clip-sized updates,
 * measured); each message it saves spares the server a frame and a write per socket, and the
 * client a message to decode and apply. Below this many messages saved, they are sent as they are.
 */
const MERGE_WHEN_SAVING = 16;

/**
 * The messages each connection gets for a batch of committed updates, in commit order: everything
 * but what it sent itself (nothing, if that is all). With many sockets the batch is merged into one
 * update (one message per socket instead of one per update per socket); with few, the saving would
 * not pay for the merge. Messages are encoded once and shared between connections.
 */
export function broadcastMessages(batch: readonly CommittedUpdate[], connections: Iterable<Connection>): Map<Connection, Uint8Array[]> {
  const receivers = [...connections];
  const isMerged = batch.length > 1 && (batch.length - 1) * receivers.length >= MERGE_WHEN_SAVING;
  const singles = new Map<CommittedUpdate, Uint8Array>();
  const single = (c: CommittedUpdate) => singles.get(c) ?? singles.set(c, updateMessage(c.update)).get(c)!;
  const messagesFor = (updates: readonly CommittedUpdate[]): Uint8Array[] => {
    if (updates.length === 0) return [];
    if (!isMerged || updates.length === 1) return updates.map(single);
    return [updateMessage(Y.mergeUpdates(updates.map((c) => c.update)))];
  };
  const senders = new Set(batch.filter((c) => c.isEcho).map((c) => c.origin));
  const out = new Map<Connection, Uint8Array[]>();
  let forEveryone: Uint8Array[] | null = null;
  for (const conn of receivers) {
    const messages = senders.has(conn)
      ? messagesFor(batch.filter((c) => !(c.isEcho && c.origin === conn)))
      : (forEveryone ??= messagesFor(batch));
    if (messages.length > 0) out.set(conn, messages);
  }
  return out;
}
