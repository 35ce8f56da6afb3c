import * as Y from 'yjs';
import { updateMessage } from '../protocol/encode-message';
import type { Connection } from './connection';

/** One update a group commit stored, with the connection it came from (null: none here, e.g. another server instance's). */
export interface CommittedUpdate {
  update: Uint8Array;
  origin: Connection | null;
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
 * but what it sent itself (nothing, if that is all). Messages are encoded once and shared between
 * connections. The connections that sent none of the batch get the same messages: with many of them,
 * the batch merged into one update (one message per socket instead of one per update per socket);
 * with few, the saving would not pay for the merge. A sender gets the others' updates as they are:
 * its messages differ from everyone else's, so merging them would cost a merge per sender, for one
 * socket each (with ten writers in a room, ten merges per batch; and a merge costs more per update the
 * bigger it is: 6 µs per clip update for 16 of them, 14 µs for 1,000).
 */
export function broadcastMessages(batch: readonly CommittedUpdate[], connections: Iterable<Connection>): Map<Connection, Uint8Array[]> {
  const receivers = [...connections];
  const senders = new Set(batch.filter((c) => c.isEcho && c.origin !== null).map((c) => c.origin));
  const bystanders = receivers.filter((conn) => !senders.has(conn)).length;
  const isMerged = batch.length > 1 && (batch.length - 1) * bystanders >= MERGE_WHEN_SAVING;
  const singles = new Map<CommittedUpdate, Uint8Array>();
  const single = (c: CommittedUpdate) => singles.get(c) ?? singles.set(c, updateMessage(c.update)).get(c)!;
  const out = new Map<Connection, Uint8Array[]>();
  let forEveryone: Uint8Array[] | null = null;
  for (const conn of receivers) {
    const messages = senders.has(conn)
      ? batch.filter((c) => !(c.isEcho && c.origin === conn)).map(single)
      : (forEveryone ??= isMerged ? [updateMessage(Y.mergeUpdates(batch.map((c) => c.update)))] : batch.map(single));
    if (messages.length > 0) out.set(conn, messages);
  }
  return out;
}
