import { CLOSE_SHUTTING_DOWN } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';
import type { SyncServerConfig } from '../config';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import type { StoreWriter } from '../persistence/store-writer';
import type { CommitBacklog } from './commit-backlog';
import type { Connection } from './connection';
import type { DocSource, LoadedDoc } from './doc-source';
import { Room } from './room';

export type OpenRoomProblem = 'full' | 'load-failed';

export interface RoomManagerDeps {
  /** Where a workspace's stored state is read from when its room loads. */
  docs: DocSource;
  writer: StoreWriter;
  /** Shared by every room: what waits behind the one committer. */
  backlog: CommitBacklog;
  metrics: SyncMetrics;
  log: Logger;
  config: Pick<SyncServerConfig, 'maxLoadedDocs' | 'idleUnloadMs' | 'compaction' | 'maxClipsDestroyedAtOnce' | 'workspaceQuotaBytes'>;
}

/**
 * The loaded rooms: loads a workspace on its first connection, unloads it a while after its last
 * one leaves, and keeps at most `maxLoadedDocs` in memory. Nothing is lost by unloading: every
 * accepted update was committed to the store before anyone saw it, and a room whose last updates
 * are still being committed unloads once they are (a reload must read them from the store).
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  /** Rooms with no connections, and when they became idle (Map order: oldest first). */
  private readonly idle = new Map<Room, ReturnType<typeof setTimeout>>();
  /** Workspaces being read from the store: a second connection meanwhile waits for the same load. */
  private readonly loading = new Map<string, Promise<Result<Room, OpenRoomProblem>>>();
  /** Tells the doc source a room is gone (see LoadedDoc.release). */
  private readonly releases = new Map<Room, () => void>();
  private isClosed = false;

  constructor(private readonly deps: RoomManagerDeps) {}

  get loadedCount(): number {
    return this.rooms.size;
  }

  /** Every connection, in every loaded room. */
  *connections(): Iterable<Connection> {
    for (const room of this.rooms.values()) yield* room.connections;
  }

  /** The workspace's room, loading it if needed (and unloading the longest-idle room if full). */
  async open(workspace: string): Promise<Result<Room, OpenRoomProblem>> {
    const existing = this.rooms.get(workspace);
    if (existing) return ok(existing);
    const pending = this.loading.get(workspace);
    if (pending) return pending;
    if (this.rooms.size + this.loading.size >= this.deps.config.maxLoadedDocs) {
      // The longest idle whose commits have all landed: one unloaded with commits in flight could be
      // loaded again from the store before they land, and miss them. Its clients retry if none is.
      const evictable = [...this.idle.keys()].find((room) => !room.hasWritesInFlight);
      if (!evictable) return err('full');
      this.unload(evictable);
    }
    const loaded = this.load(workspace).finally(() => this.loading.delete(workspace));
    this.loading.set(workspace, loaded);
    return loaded;
  }

  private async load(workspace: string): Promise<Result<Room, OpenRoomProblem>> {
    let stored: LoadedDoc;
    try {
      stored = await this.deps.docs.load(workspace);
    } catch (e) {
      this.deps.log.error({ workspace, error: String(e) }, 'workspace failed to load from the store');
      return err('load-failed');
    }
    if (this.isClosed) {
      stored.release();
      return err('load-failed');
    }
    try {
      const room = Room.fromStored(workspace, {
        writer: this.deps.writer,
        backlog: this.deps.backlog,
        metrics: this.deps.metrics,
        log: this.deps.log,
        compaction: this.deps.config.compaction,
        guardRails: this.deps.config,
        onBroken: (broken, error) => this.evict(broken, error),
      }, stored);
      this.rooms.set(workspace, room);
      this.releases.set(room, () => stored.release());
      this.deps.metrics.loadedDocs.set(this.rooms.size);
      this.markIdle(room); // until someone joins: a load whose socket never arrives must not leak
      stored.ready(); // the room is found by workspace from here: updates from other instances reach it
      return ok(room);
    } catch (e) {
      stored.release();
      this.deps.log.error({ workspace, error: String(e) }, 'workspace failed to load from the store');
      return err('load-failed');
    }
  }

  /** Whether `room` is the loaded room of its workspace (not unloaded or dropped since it was opened). */
  holds(room: Room): boolean {
    return this.rooms.get(room.workspace) === room;
  }

  /** Updates another server instance committed to `workspace`, in seq order (fan-out): for its room, if loaded. */
  applyCommitted(workspace: string, updates: readonly Uint8Array[]): void {
    this.rooms.get(workspace)?.applyCommitted(updates);
  }

  /**
   * The room can no longer follow the log by seq (a compaction elsewhere pruned rows it had not
   * applied): dropped, its clients told to retry; they reconnect to a room loaded afresh.
   */
  reload(workspace: string, why: string): void {
    const room = this.rooms.get(workspace);
    if (room) this.evict(room, new Error(why));
  }

  join(room: Room, conn: Connection): void {
    clearTimeout(this.idle.get(room));
    this.idle.delete(room);
    room.join(conn);
  }

  leave(room: Room, conn: Connection): void {
    room.leave(conn);
    if (room.connections.size === 0 && this.rooms.get(room.workspace) === room) this.markIdle(room);
  }

  /** Shutdown: asks for the compactions worth doing and unloads every room (closing the writer then commits what is queued). */
  flushAll(): void {
    this.isClosed = true;
    for (const room of [...this.rooms.values()]) this.unload(room, { now: true });
  }

  private markIdle(room: Room): void {
    if (this.isClosed) return;
    clearTimeout(this.idle.get(room));
    this.idle.delete(room); // re-insert: Map order is the idle order
    const timer = setTimeout(() => this.unload(room), this.deps.config.idleUnloadMs);
    timer.unref();
    this.idle.set(room, timer);
  }

  private unload(room: Room, { now = false } = {}): void {
    if (!now && room.hasWritesInFlight) {
      // Unloaded now, a client reconnecting at once would load the doc without those updates.
      void room.settled().then(() => {
        if (this.idle.has(room)) this.unload(room);
      });
      return;
    }
    if (room.logEntries >= this.deps.config.compaction.onUnloadEntries) room.compact();
    this.forget(room);
    this.deps.log.debug({ workspace: room.workspace }, 'workspace unloaded');
  }

  /**
   * A room whose doc may differ from the store is dropped without compacting (that would store
   * the difference); its clients are told to retry, and reconnect to a room loaded from the store.
   */
  private evict(room: Room, error: unknown): void {
    this.deps.log.error({ workspace: room.workspace, error: String(error) }, 'room reloaded from the store after an error');
    for (const conn of room.connections) conn.close(CLOSE_SHUTTING_DOWN, 'room reloading');
    this.forget(room);
  }

  private forget(room: Room): void {
    clearTimeout(this.idle.get(room));
    this.idle.delete(room);
    if (this.rooms.get(room.workspace) === room) this.rooms.delete(room.workspace);
    this.deps.metrics.loadedDocs.set(this.rooms.size);
    this.releases.get(room)?.();
    this.releases.delete(room);
    room.destroy();
  }
}
