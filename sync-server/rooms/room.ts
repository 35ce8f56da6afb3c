import * as Y from 'yjs';
import { encodeStoredMessage } from '../../shared/protocol/server-messages';
import { CLOSE_BAD_MESSAGE, CLOSE_REFUSED_UPDATE, CLOSE_TRY_AGAIN_LATER } from '../../shared/protocol/sync';
import { clipsDestroyedBy } from '../../shared/workspace/evidence-removal';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import type { CompactionKind, StoreWriter } from '../persistence/store-writer';
import type { StoredDoc } from './doc-source';
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
  /** Updates are committed through it (group commit on the store worker), and logs compacted. */
  writer: StoreWriter;
  /** What waits for its commit, per room and overall; shared by every room (one committer). */
  backlog: CommitBacklog;
  metrics: SyncMetrics;
  log: Logger;
  compaction: SyncServerConfig['compaction'];
  /** What an editor's update may not do (destroy many clips at once, pass the workspace's quota). */
  guardRails: Pick<SyncServerConfig, 'maxClipsDestroyedAtOnce' | 'workspaceQuotaBytes'>;
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
  /** The client ids whose clocks the update being applied moved (set by persistThenBroadcast). */
  private incomingTouched: number[] = [];
  /** Updates handed to the writer, and those whose commit answered, since the room loaded: see StoredProgress. */
  private appendsHandedOff = 0;
  private appendsCommitted = 0;
  /** The state vector of what is committed: the doc's right after the last committed update. */
  private committedState: ReadonlyMap<number, number> = new Map();
  /** Connections that read Evident's messages and have writes or client ids not yet reported stored. */
  private readonly awaitingReport = new Set<Connection>();
  private isReportQueued = false;

  /**
   * Updates committed by other server instances (fan-out) whose clocks moved, applied after the
   * last update handed to the writer then: that update's state vector, and every later one's, does
   * not hold them, so they are added to it when it commits (see `committedFrom`).
   */
  private readonly clocksCommittedElsewhere = new Map<number, number>();
  private clocksCommittedElsewhereUntil = 0;

  /** Starts from the stored state (the snapshot and the log after it, read in one transaction). */
  static fromStored(workspace: string, deps: RoomDeps, { snapshot, updates }: StoredDoc): Room {
    const room = new Room(workspace, deps);
    room.doc.transact(() => {
      if (snapshot) Y.applyUpdate(room.doc, snapshot);
      for (const update of updates) Y.applyUpdate(room.doc, update);
    }, STORE_ORIGIN);
    // The log is every update after the snapshot: its size, without asking the store again.
    room.setLogSize(updates.length, updates.reduce((bytes, update) => bytes + update.byteLength, 0));
    room.snapshotBytes = snapshot?.byteLength ?? 0;
    room.committedState = Y.decodeStateVector(Y.encodeStateVector(room.doc)); // all of it came from the store
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
    this.awaitingReport.delete(conn);
  }

  isStoredWrite(conn: Connection, message: ClientMessage): boolean {
    return isWrite(message) && !conn.isReviewer;
  }

  /** An editor's update waits while the updates waiting for their commit are at their bound. */
  mustWait(conn: Connection, message: ClientMessage): boolean {
    return this.isStoredWrite(conn, message) && !this.deps.backlog.hasRoomFor(this.workspace);
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
    if (message.type === 'sync-step1') {
      conn.send(syncStep2Message(this.doc, message.stateVector));
      // Nothing is in flight now (a step 1 waits until nothing is): what the client holds of the
      // committed doc is reported at once, so it knows where it stands from the handshake.
      if (this.isReportedTo(conn)) {
        conn.storedProgress.noteHeld(Y.decodeStateVector(message.stateVector).keys());
        this.reportStoredTo(conn, true);
      }
      return;
    }
    if (!this.applyEditorUpdate(conn, message.update) || !this.isReportedTo(conn)) return;
    conn.storedProgress.noteWrite(this.appendsHandedOff, this.incomingTouched);
    this.awaitingReport.add(conn);
    // Stored already if nothing was in flight (it added nothing new, or nothing waits before it).
    if (this.appendsHandedOff === this.appendsCommitted) this.queueStoredReports();
  }

  private isReportedTo(conn: Connection): boolean {
    return conn.speaksEvident && !conn.isReviewer;
  }

  /** Sends each waiting connection how far its writes are stored, if that moved. */
  private readonly reportStored = (): void => {
    this.isReportQueued = false;
    if (this.isClosed) return;
    for (const conn of this.awaitingReport) {
      this.reportStoredTo(conn, false);
      if (!conn.storedProgress.hasUnreported) this.awaitingReport.delete(conn);
    }
  };

  private reportStoredTo(conn: Connection, always: boolean): void {
    const report = conn.storedProgress.reportDue(this.appendsCommitted, this.committedState, always);
    if (report) conn.send(encodeStoredMessage(report));
  }

  /** Several writes read in one go get one report. */
  private queueStoredReports(): void {
    if (this.isReportQueued) return;
    this.isReportQueued = true;
    queueMicrotask(this.reportStored);
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

  /** Applies an editor's write; false if it was refused (and its socket closed). */
  private applyEditorUpdate(conn: Connection, update: Uint8Array): boolean {
    // Parse the whole update before it touches the doc: Yjs integrates structs before it reads the
    // delete set, so a broken tail would otherwise leave half an update in memory.
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (e) {
      this.deps.log.warn({ workspace: this.workspace, jti: conn.claims.jti, error: String(e) }, 'update does not decode');
      conn.close(CLOSE_BAD_MESSAGE, 'update does not decode');
      return false;
    }
    if (!this.isWithinGuardRails(conn, update, decoded)) return false;
    this.incomingUpdate = update;
    this.incomingTouched = [];
    try {
      Y.applyUpdate(this.doc, update, conn); // persistThenBroadcast runs inside, for what is new
    } catch (e) {
      conn.close(CLOSE_BAD_MESSAGE, 'update does not apply');
      this.deps.onBroken(this, e);
      return false;
    } finally {
      this.incomingUpdate = null;
    }
    return true;
  }

  /**
   * Checked before the update touches the doc (a Y.Doc cannot take one back): it may not destroy
   * more clips than allowed at once, nor add content past the workspace's quota. A refused update
   * is not applied, stored or sent on; its socket is told why and closed.
   */
  private isWithinGuardRails(conn: Connection, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
    const { maxClipsDestroyedAtOnce, workspaceQuotaBytes } = this.deps.guardRails;
    // An administrator's restore may take out what was added since the moment it goes back to.
    const destroyed = conn.claims.adm ? 0 : clipsDestroyedBy(this.doc, decoded).size;
    if (destroyed > maxClipsDestroyedAtOnce) {
      const message = `This change would remove ${destroyed} clips from the workspace at once; the server allows at most ${maxClipsDestroyedAtOnce}. Nothing of it was stored.`;
      conn.refuseWrite({ reason: 'mass-delete', message }, CLOSE_REFUSED_UPDATE);
      return false;
    }
    const storedBytes = this.snapshotBytes + this.logSize.bytes;
    // Only what adds content counts: a change that only deletes is always taken, so a full workspace can be tidied.
    if (workspaceQuotaBytes > 0 && decoded.structs.length > 0 && storedBytes + update.byteLength > workspaceQuotaBytes) {
      const message = `The workspace ${this.workspace} holds ${storedBytes} bytes on the server and this change of ${update.byteLength} bytes would pass its quota of ${workspaceQuotaBytes} bytes. It is kept on your computer and sent again later; ask the server's administrator to raise the quota.`;
      conn.refuseWrite({ reason: 'quota', message }, CLOSE_TRY_AGAIN_LATER);
      return false;
    }
    return true;
  }

  /**
   * Yjs emits 'update' with only what the transaction added (nothing for a duplicate or empty
   * update; held-back structs once their dependencies arrive), so that is what is logged and sent,
   * once the writer has committed it.
   */
  private persistThenBroadcast = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (!(origin instanceof Connection) || this.isClosed) return;
    // Yjs has computed the state vector after this transaction: kept, not copied, for when it commits.
    const { afterState, beforeState } = transaction;
    if (this.isReportedTo(origin)) for (const [client, clock] of afterState) if (beforeState.get(client) !== clock) this.incomingTouched.push(client);
    // The sender already has what it sent. But when Yjs releases structs it held back for missing
    // dependencies, the update carries other clients' writes too: then the sender gets it as well.
    const isEcho = this.incomingUpdate !== null && isSameBytes(update, this.incomingUpdate);
    this.handOff(update, origin, isEcho, afterState);
  };

  /** To the writer; sent on once committed, in commit order. `origin` null: no connection sent it (see applyCommitted). */
  private handOff(update: Uint8Array, origin: Connection | null, isEcho: boolean, afterState: Map<number, number>): void {
    this.appendsHandedOff++;
    const stopTimer = this.deps.metrics.appendSeconds.startTimer();
    this.appendsInFlight++;
    const { backlog, writer } = this.deps;
    backlog.added(this.workspace, update.byteLength);
    // The writer answers in the order updates were handed over: broadcasts go out in commit order.
    writer.append(this.workspace, update).then(
      ({ entries, bytes }) => {
        stopTimer();
        backlog.settled(this.workspace, update.byteLength);
        this.appendsCommitted++;
        this.committedState = this.committedFrom(afterState);
        this.committed(update, origin, isEcho, entries, bytes);
      },
      (error: unknown) => {
        backlog.settled(this.workspace, update.byteLength);
        this.appendFailed(error);
      },
    );
  }

  /**
   * The committed state vector once an update whose transaction ended at `afterState` commits:
   * `afterState` itself (everything before it is committed too, in order), plus the clocks of
   * updates committed elsewhere and applied after it was handed over.
   */
  private committedFrom(afterState: Map<number, number>): ReadonlyMap<number, number> {
    if (this.clocksCommittedElsewhere.size === 0) return afterState;
    // Handed over after the last of them was applied: its state vector holds them all.
    if (this.appendsCommitted > this.clocksCommittedElsewhereUntil) {
      this.clocksCommittedElsewhere.clear();
      return afterState;
    }
    const merged = new Map(afterState);
    for (const [client, clock] of this.clocksCommittedElsewhere) if ((merged.get(client) ?? 0) < clock) merged.set(client, clock);
    return merged;
  }

  /**
   * Updates another server instance committed to this workspace, in seq order (the fan-out's feed
   * sees to that). They are stored already: applied as the store's (never logged again), sent to
   * every connection at once, and their clocks counted as committed. One case is stored here: if the doc
   * held structs back for missing dependencies (a client that moved here from the other instance
   * sent writes built on updates this one had not applied yet), these updates release them, and
   * what they release was never stored: it is handed to the writer like a client's write and sent on
   * once committed.
   */
  applyCommitted(updates: readonly Uint8Array[]): void {
    if (this.isClosed || updates.length === 0) return;
    const hadPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    let released: { update: Uint8Array; afterState: Map<number, number> } | null = null;
    const moved = new Map<number, number>();
    const onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) moved.set(client, clock);
      if (hadPending) released = { update, afterState: transaction.afterState };
    };
    this.doc.on('update', onUpdate);
    try {
      this.doc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.doc, update);
      }, STORE_ORIGIN);
    } catch (e) {
      this.deps.onBroken(this, e);
      return;
    } finally {
      this.doc.off('update', onUpdate);
    }
    if (released !== null) {
      const { update, afterState } = released as { update: Uint8Array; afterState: Map<number, number> };
      // Stored again with what it carries of the applied updates: harmless (Yjs skips what it holds).
      this.handOff(update, null, false, afterState);
    } else if (moved.size > 0) {
      const committed = new Map(this.committedState);
      for (const [client, clock] of moved) {
        if ((committed.get(client) ?? 0) < clock) committed.set(client, clock);
        this.clocksCommittedElsewhere.set(client, Math.max(clock, this.clocksCommittedElsewhere.get(client) ?? 0));
      }
      this.clocksCommittedElsewhereUntil = this.appendsHandedOff;
      this.committedState = committed;
    }
    const sent = updates.map((update) => ({ update, origin: null, isEcho: false }));
    for (const [conn, messages] of broadcastMessages(sent, this.connections)) for (const message of messages) conn.send(message);
    if (moved.size > 0) {
      for (const conn of this.connections) if (this.isReportedTo(conn)) this.awaitingReport.add(conn);
      this.queueStoredReports();
    }
  }

  private committed(update: Uint8Array, origin: Connection | null, isEcho: boolean, entries: number, bytes: number): void {
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
      this.reportStored();
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
        // What it covered, for an operator tracing a document's folds (and for tests: on PostgreSQL the
        // ranges of all instances' folds tile the log, one fold per range).
        log.debug({ workspace: this.workspace, kind: result.kind, throughSeq: result.throughSeq, merged: result.merged }, 'log compacted');
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
