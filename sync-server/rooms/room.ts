import * as Y from 'yjs';
import { CLOSE_BAD_MESSAGE } from '../../shared/protocol/sync';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import type { SyncStore } from '../persistence/types';
import type { ClientMessage } from '../protocol/decode-message';
import { syncStep1Message, syncStep2Message, updateMessage } from '../protocol/encode-message';
import { AwarenessRelay } from './awareness-relay';
import { Connection } from './connection';

/** The transaction origin of state read from the store: it is already stored, so never re-logged. */
export const STORE_ORIGIN = 'store';

export interface RoomDeps {
  store: SyncStore;
  metrics: SyncMetrics;
  log: Logger;
  compaction: SyncServerConfig['compaction'];
  /** The doc in memory may no longer match the store (an update half-applied, a failed append). */
  onBroken: (room: Room, error: unknown) => void;
}

const isSameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * One loaded workspace: its doc, its connections and their presence. Editors' updates are applied,
 * appended to the store (durable) and only then broadcast; reviewers' are dropped unread.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly connections = new Set<Connection>();
  readonly presence: AwarenessRelay;
  private logSize = { entries: 0, bytes: 0 };
  private appendFailure: unknown = null;
  /** The update being applied, to tell whether Yjs's 'update' event is exactly what its sender sent. */
  private incomingUpdate: Uint8Array | null = null;

  /** Loads the snapshot and the log after it in one transaction. */
  static load(workspace: string, deps: RoomDeps): Room {
    const room = new Room(workspace, deps);
    const { snapshot, updates } = deps.store.loadDoc(workspace);
    room.doc.transact(() => {
      if (snapshot) Y.applyUpdate(room.doc, snapshot);
      for (const update of updates) Y.applyUpdate(room.doc, update);
    }, STORE_ORIGIN);
    const { entries, bytes } = deps.store.logInfo(workspace);
    room.setLogSize(entries, bytes);
    return room;
  }

  private constructor(
    readonly workspace: string,
    private readonly deps: RoomDeps,
  ) {
    this.presence = new AwarenessRelay(this.doc, this.connections, deps.metrics);
    this.doc.on('update', this.persistThenBroadcast);
  }

  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(syncStep1Message(this.doc));
    this.sendPresence(conn);
  }

  private sendPresence(conn: Connection): void {
    const states = this.presence.statesMessage();
    if (states) conn.send(states);
  }

  leave(conn: Connection): void {
    if (this.connections.delete(conn)) this.presence.forget(conn);
  }

  /** Throws only on input no check foresaw (a malformed state vector); the caller closes that socket. */
  handleMessage(conn: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1': // everyone may read: reviewers get the whole doc too
        conn.send(syncStep2Message(this.doc, message.stateVector));
        return;
      case 'sync-step2':
      case 'sync-update':
        if (conn.isReviewer) {
          // Read-only on the server (ARCHITECTURE.md): dropped, and the socket kept, since a
          // y-websocket client always answers step 1 with a step 2 of its own.
          this.deps.metrics.reviewerWritesDropped.inc();
          return;
        }
        this.applyEditorUpdate(conn, message.update);
        return;
      case 'awareness':
        this.presence.apply(conn, message.entries);
        return;
      case 'query-awareness':
        this.sendPresence(conn);
        return;
    }
  }

  private applyEditorUpdate(conn: Connection, update: Uint8Array): void {
    // Parse the whole update before it touches the doc: Yjs integrates structs before it reads the
    // delete set, so a broken tail would otherwise leave half an update in memory.
    try {
      Y.decodeUpdate(update);
    } catch (e) {
      this.deps.log.warn({ workspace: this.workspace, jti: conn.claims.jti, error: String(e) }, 'update does not decode');
      conn.close(CLOSE_BAD_MESSAGE, 'update does not decode');
      return;
    }
    this.incomingUpdate = update;
    try {
      Y.applyUpdate(this.doc, update, conn); // persistThenBroadcast runs inside, for what is new
    } catch (e) {
      conn.close(CLOSE_BAD_MESSAGE, 'update does not apply');
      this.deps.onBroken(this, e);
      return;
    } finally {
      this.incomingUpdate = null;
    }
    if (this.appendFailure !== null) return this.deps.onBroken(this, this.appendFailure);
    const { maxEntries, maxBytes } = this.deps.compaction;
    if (this.logSize.entries >= maxEntries || this.logSize.bytes >= maxBytes) this.compact();
  }

  /**
   * Yjs emits 'update' with only what the transaction added (nothing for a duplicate or empty
   * update; held-back structs once their dependencies arrive), so that is what is logged and sent.
   */
  private persistThenBroadcast = (update: Uint8Array, origin: unknown): void => {
    if (!(origin instanceof Connection) || this.appendFailure !== null) return;
    const { store, metrics } = this.deps;
    const stopTimer = metrics.appendSeconds.startTimer();
    try {
      this.setLogSize(store.appendUpdate(this.workspace, update), this.logSize.bytes + update.byteLength);
    } catch (e) {
      this.appendFailure = e; // not stored, so not sent: the room is reloaded from the store
      return;
    } finally {
      stopTimer();
    }
    // The sender already has what it sent. But when Yjs releases structs it held back for missing
    // dependencies, the update carries other clients' writes too: then the sender gets it as well.
    const isEcho = this.incomingUpdate !== null && isSameBytes(update, this.incomingUpdate);
    const message = updateMessage(update);
    for (const conn of this.connections) if (conn !== origin || !isEcho) conn.send(message);
  };

  get logEntries(): number {
    return this.logSize.entries;
  }

  /** Replaces the snapshot with the doc's state and drops the log it covers. */
  compact(): void {
    const { store, metrics, log } = this.deps;
    const { lastSeq, entries } = store.logInfo(this.workspace);
    if (entries === 0) return;
    try {
      store.compact(this.workspace, Y.encodeStateAsUpdate(this.doc), lastSeq);
    } catch (e) {
      // The log is intact and still durable; compaction is retried at the next threshold.
      log.error({ workspace: this.workspace, error: String(e) }, 'compaction failed');
      return;
    }
    metrics.compactions.inc();
    this.setLogSize(0, 0);
  }

  private setLogSize(entries: number, bytes: number): void {
    this.logSize = { entries, bytes };
    this.deps.metrics.logEntries.set({ workspace: this.workspace }, entries);
  }

  /** Unloads: later `leave` calls from sockets still closing find no one to tell. */
  destroy(): void {
    this.connections.clear();
    this.deps.metrics.logEntries.remove({ workspace: this.workspace });
    this.presence.destroy();
    this.doc.destroy();
  }
}
