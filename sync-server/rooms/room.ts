import * as Y from 'yjs';
import { CLOSE_BAD_MESSAGE } from '../../shared/protocol/sync';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import type { CompactionKind, StoreWriter } from '../persistence/store-writer';
import type { SyncStore } from '../persistence/types';
import type { ClientMessage } from '../protocol/decode-message';
import { syncStep1Message, syncStep2Message } from '../protocol/encode-message';
import { AwarenessRelay } from './awareness-relay';
import { broadcastMessages, type CommittedUpdate } from './broadcast';
import type { CommitBacklog } from './commit-backlog';
import { compactionDue } from './compaction-policy';
import { Connection, type MessageTarget } from './connection';

/** The transaction origin of state read from the store: it is already stored, so never re-logged. */
export const STORE_ORIGIN = 'store';

export interface RoomDeps {
  /** Read from (on this thread) to load the doc. */
  store: SyncStore;
  /** Updates are committed through it (group commit on the store worker), and logs compacted. */
  writer: StoreWriter;
  /** What waits for its commit, per room and overall; shared by every room (one committer). */
  backlog: CommitBacklog;
  metrics: SyncMetrics;
  log: Logger;
  compaction: SyncServerConfig['compaction'];
  /** The doc in memory may no longer match the store (an update half-applied, a failed append). */
  onBroken: (room: Room, error: unknown) => void;
}

type DocMessage = Extract<ClientMessage, { type: 'sync-step1' | 'sync-step2' | 'sync-update' }>;

const isWrite = (message: ClientMessage) => message.type === 'sync-update' || message.type === 'sync-step2';

/** memcmp, not a callback per byte: it runs for every update (a 400-byte clip: 0.2 µs instead of 3 µs). */
const isSameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/**
 * One loaded workspace: its doc, its connections and their presence. Editors' updates are applied
 * to the doc, handed to the store writer, and broadcast only once committed (durable), in commit
 * order; reviewers' are dropped unread. A sync step 2 (the doc's state, for a client's step 1) never
 * carries an update that is not committed yet: while updates are in flight, the step 1 waits for
 * them, and so do the doc messages that arrive after it (a client must never hold an update the
 * server could still lose). An editor's update is taken only while the commit backlog has room for
 * this room (see Connection: its socket is not read until there is).
 */
export class Room implements MessageTarget {
  readonly doc = new Y.Doc({ gc: true });
  readonly connections = new Set<Connection>();
  readonly presence: AwarenessRelay;
  private logSize = { entries: 0, bytes: 0 };
  /** The stored snapshot's size: a fold is worth it only once the log weighs enough next to it. */
  private snapshotBytes = 0;
  /** The log's entries just after its last squash (see compactionDue). */
  private entriesAfterSquash = 0;
  /** Updates handed to the writer whose commit has not answered yet. */
  private appendsInFlight = 0;
  /** Updates committed together, waiting for the end of their commit's answer to be sent. */
  private toBroadcast: CommittedUpdate[] = [];
  /** Doc messages held back, in arrival order, behind a sync step 1 that waits for commits. */
  private readonly held: Array<{ conn: Connection; message: DocMessage }> = [];
  private readonly settleWaiters: Array<() => void> = [];
  private isCompacting = false;
  /** Broken or unloaded: later commits are not broadcast, held messages are dropped. */
  private isClosed = false;
  private isDestroyed = false;
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
    // The log is every update after the snapshot: its size, without asking the store again.
    room.setLogSize(updates.length, updates.reduce((bytes, update) => bytes + update.byteLength, 0));
    room.snapshotBytes = snapshot?.byteLength ?? 0;
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

  /** An editor's update waits while the updates waiting for their commit are at their bound. */
  mustWait(conn: Connection, message: ClientMessage): boolean {
    return isWrite(message) && !conn.isReviewer && !this.deps.backlog.hasRoomFor(this.workspace);
  }

  waitForRoom(wake: () => void): () => void {
    return this.deps.backlog.whenRoomFor(this.workspace, wake);
  }

  /** Throws only on input no check foresaw (a malformed state vector); the caller closes that socket. */
  handleMessage(conn: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1': // everyone may read: reviewers get the whole doc too
      case 'sync-step2':
      case 'sync-update':
        if (message.type !== 'sync-step1' && conn.isReviewer) {
          // Read-only on the server: dropped, and the socket kept, since a
          // y-websocket client always answers step 1 with a step 2 of its own.
          this.deps.metrics.reviewerWritesDropped.inc();
          return;
        }
        // Behind a waiting step 1, everything that touches the doc waits too, in order.
        if (this.held.length > 0 || (message.type === 'sync-step1' && this.appendsInFlight > 0)) {
          this.held.push({ conn, message });
          return;
        }
        this.handleDocMessage(conn, message);
        return;
      case 'awareness': // presence is not stored: relayed at once
        this.presence.apply(conn, message.entries);
        return;
      case 'query-awareness':
        this.sendPresence(conn);
        return;
    }
  }

  private handleDocMessage(conn: Connection, message: DocMessage): void {
    if (message.type === 'sync-step1') conn.send(syncStep2Message(this.doc, message.stateVector));
    else this.applyEditorUpdate(conn, message.update);
  }

  /** Handles held messages while it may: a step 1 waits again as long as any update is in flight. */
  private releaseHeld(): void {
    while (this.held.length > 0 && !this.isClosed) {
      const { conn, message } = this.held[0]!;
      if (message.type === 'sync-step1' && this.appendsInFlight > 0) return;
      this.held.shift();
      // A socket closed since (by its client, or by the server for a bad frame) gets nothing more
      // handled, as if its frames had arrived after the close: its client sends again what the
      // server lacks when it reconnects.
      if (!conn.isOpen) continue;
      try {
        this.handleDocMessage(conn, message);
      } catch (error) {
        // As the endpoint does for a message handled on arrival: that socket only.
        this.deps.log.warn({ workspace: this.workspace, jti: conn.claims.jti, type: message.type, error: String(error) }, 'message failed');
        conn.close(CLOSE_BAD_MESSAGE, 'message failed');
      }
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
  }

  /**
   * Yjs emits 'update' with only what the transaction added (nothing for a duplicate or empty
   * update; held-back structs once their dependencies arrive), so that is what is logged and sent,
   * once the writer has committed it.
   */
  private persistThenBroadcast = (update: Uint8Array, origin: unknown): void => {
    if (!(origin instanceof Connection) || this.isClosed) return;
    // The sender already has what it sent. But when Yjs releases structs it held back for missing
    // dependencies, the update carries other clients' writes too: then the sender gets it as well.
    const isEcho = this.incomingUpdate !== null && isSameBytes(update, this.incomingUpdate);
    const stopTimer = this.deps.metrics.appendSeconds.startTimer();
    this.appendsInFlight++;
    const { backlog, writer } = this.deps;
    backlog.added(this.workspace, update.byteLength);
    // The writer answers in the order updates were handed over: broadcasts go out in commit order.
    writer.append(this.workspace, update).then(
      ({ entries, bytes }) => {
        stopTimer();
        backlog.settled(this.workspace, update.byteLength);
        this.committed(update, origin, isEcho, entries, bytes);
      },
      (error: unknown) => {
        backlog.settled(this.workspace, update.byteLength);
        this.appendFailed(error);
      },
    );
  };

  private committed(update: Uint8Array, origin: Connection, isEcho: boolean, entries: number, bytes: number): void {
    this.appendsInFlight--;
    if (!this.isClosed) {
      this.setLogSize(entries, bytes);
      // A group commit resolves its updates one after another in the same microtask run: they are
      // gathered and sent after the last of them (a microtask queued now runs after those already queued).
      if (this.toBroadcast.push({ update, origin, isEcho }) === 1) queueMicrotask(this.broadcastCommitted);
      return;
    }
    this.settleIfIdle();
  }

  /**
   * Sends what one group commit stored, in commit order (merged into one message per connection
   * when that pays: see broadcastMessages). A sender does not get back what it sent itself.
   */
  private broadcastCommitted = (): void => {
    const batch = this.toBroadcast;
    this.toBroadcast = [];
    if (!this.isClosed && batch.length > 0) {
      for (const [conn, messages] of broadcastMessages(batch, this.connections)) for (const message of messages) conn.send(message);
      if (this.appendsInFlight === 0) this.releaseHeld();
      const due = compactionDue({ ...this.logSize, snapshotBytes: this.snapshotBytes, entriesAfterSquash: this.entriesAfterSquash }, this.deps.compaction);
      if (due) this.compact(due);
    }
    this.settleIfIdle();
  };

  /**
   * Not stored, so not sent; but the doc in memory holds it (and maybe later updates built on it):
   * the room is broken, and reloaded from the store. Its updates still queued are dropped: their
   * senders are closed with 4503, reconnect, and send them again to the reloaded room.
   */
  private appendFailed(error: unknown): void {
    this.appendsInFlight--;
    if (!this.isClosed) {
      this.isClosed = true;
      this.deps.writer.discard(this.workspace, 'an earlier update of the room failed');
      this.deps.onBroken(this, error);
    }
    this.settleIfIdle();
  }

  get logEntries(): number {
    return this.logSize.entries;
  }

  /** Whether updates handed to the writer are still waiting for their commit. */
  get hasWritesInFlight(): boolean {
    return this.appendsInFlight > 0;
  }

  /** Resolves once no update of this room is waiting for its commit (at once if none is). */
  settled(): Promise<void> {
    if (this.appendsInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  private settleIfIdle(): void {
    if (this.appendsInFlight === 0) for (const resolve of this.settleWaiters.splice(0)) resolve();
  }

  /**
   * Asks the writer to fold the stored log into the snapshot, or to squash its tail (see
   * CompactionKind). The worker does all of it, from what is stored (never from this doc), so it
   * cannot store anything not committed; one at a time.
   */
  compact(kind: CompactionKind = 'snapshot'): void {
    if (this.isCompacting) return;
    this.isCompacting = true;
    const { writer, metrics, log } = this.deps;
    writer.compact(this.workspace, kind).then(
      (result) => {
        this.isCompacting = false;
        // Nothing to squash (the tail is already merged): not asked again for another maxEntries entries.
        if (!result) return void (kind === 'squash' && (this.entriesAfterSquash = this.logSize.entries));
        metrics.compactions.inc({ kind: result.kind });
        // Answered after every commit before it and before any after it: the log size it reports is current.
        if (this.isDestroyed) return;
        if (result.snapshotBytes !== null) this.snapshotBytes = result.snapshotBytes;
        this.entriesAfterSquash = result.kind === 'squash' ? result.entries : 0;
        this.setLogSize(result.entries, result.bytes);
      },
      (error: unknown) => {
        this.isCompacting = false;
        // The log is intact and still durable; compaction is asked for again at the next threshold.
        log.error({ workspace: this.workspace, kind, error: String(error) }, 'compaction failed');
      },
    );
  }

  private setLogSize(entries: number, bytes: number): void {
    this.logSize = { entries, bytes };
    this.deps.metrics.logEntries.set({ workspace: this.workspace }, entries);
  }

  /**
   * Unloads: later `leave` calls from sockets still closing find no one to tell, and commits still
   * in flight are stored but sent to no one.
   */
  destroy(): void {
    this.isClosed = true;
    this.isDestroyed = true;
    this.held.length = 0;
    this.connections.clear();
    this.deps.metrics.logEntries.remove({ workspace: this.workspace });
    this.presence.destroy();
    this.doc.destroy();
    for (const resolve of this.settleWaiters.splice(0)) resolve();
  }
}
