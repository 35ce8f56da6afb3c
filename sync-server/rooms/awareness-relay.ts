import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { SyncMetrics } from '../http/metrics';
import type { AwarenessEntry } from '../protocol/decode-message';
import { awarenessMessage, encodeAwarenessEntries } from '../protocol/encode-message';
import type { Connection } from './connection';

/**
 * A room's presence (who is here, what they look at): relayed between its connections, held so a
 * newcomer gets everyone's state, and never trusted. Each socket speaks for one awareness client
 * id, the first it uses that no other socket holds; entries for any other id are dropped, so no one
 * can rename, move or sign out someone else. A socket's state is removed for all when it closes.
 * A socket's own entries are sent back to it too, as y-websocket's reference server does: a
 * y-websocket client that receives nothing for 30 s closes and reconnects, and counts on its own
 * awareness renewal (every 15 s) coming back to it; alone in a room, it would otherwise reconnect
 * every 30 s. y-protocols ignores an entry whose clock it already has.
 */
export class AwarenessRelay {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly metrics: SyncMetrics,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server is no one: it only relays
    this.awareness.on('update', this.broadcast);
  }

  /** Everyone's current state, for a newcomer; null when no one has one. */
  statesMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length ? awarenessMessage(this.awareness, clients) : null;
  }

  apply(conn: Connection, entries: readonly AwarenessEntry[]): void {
    const own = entries.filter((entry) => this.mayUse(conn, entry.clientId));
    if (own.length < entries.length) this.metrics.awarenessEntriesDropped.inc(entries.length - own.length);
    if (own.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(own), conn);
  }

  /** The socket has gone: tell everyone now, rather than after y-protocols' 30 s timeout. */
  forget(conn: Connection): void {
    if (conn.awarenessClientId !== null) awarenessProtocol.removeAwarenessStates(this.awareness, [conn.awarenessClientId], null);
  }

  destroy(): void {
    this.awareness.destroy();
  }

  private mayUse(conn: Connection, clientId: number): boolean {
    if (conn.awarenessClientId !== null) return conn.awarenessClientId === clientId;
    // The server's own id too: y-protocols would treat a state under it as the server's local state.
    const isTaken = clientId === this.awareness.clientID || [...this.connections].some((c) => c.awarenessClientId === clientId);
    if (isTaken) return false;
    conn.awarenessClientId = clientId;
    return true;
  }

  private broadcast = ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
    const message = awarenessMessage(this.awareness, [...added, ...updated, ...removed]);
    for (const conn of this.connections) conn.send(message);
  };
}
