/** How much may wait behind the committer: updates, and their bytes. */
export interface BacklogBound {
  updates: number;
  bytes: number;
}

export interface CommitBacklogLimits {
  perRoom: BacklogBound;
  total: BacklogBound;
}

interface Waiter {
  workspace: string;
  wake: () => void;
}

const isUnder = (queued: BacklogBound, bound: BacklogBound) => queued.updates < bound.updates && queued.bytes < bound.bytes;

/**
 * What waits behind the committer: updates handed to the store writer whose commit has not answered
 * yet, per room and over the whole server, and the sockets waiting for room in it.
 *
 * The committer takes everything waiting into one transaction, so a bound on what waits is a bound
 * in commits: at most one commit in flight and the next one filling, each of at most `total`
 * updates. An update is let in only while its room and the whole server are under their bounds
 * (one update may take either past it: a catch-up bigger than the bound still goes in, alone).
 * When either is full, the socket that wants to add waits (the connection stops reading it, so TCP
 * pushes back on its sender) and is woken once there is room, in the order sockets started waiting:
 * each woken socket adds what it has before the next is considered, and a socket that still finds
 * no room keeps its place, so a busy sender cannot starve a quiet one. A socket whose room is full
 * does not hold up sockets of other rooms behind it.
 */
export class CommitBacklog {
  private readonly rooms = new Map<string, BacklogBound>();
  private readonly queued: BacklogBound = { updates: 0, bytes: 0 };
  private readonly waiters: Waiter[] = [];
  private isWakeScheduled = false;

  constructor(
    private readonly limits: CommitBacklogLimits,
    private readonly options: {
      /** After each change: what the whole server has waiting (for metrics). */
      onChange?: (total: Readonly<BacklogBound>) => void;
      /** How a wake-up is deferred out of the commit's answer (setImmediate; a test's own). */
      defer?: (run: () => void) => void;
    } = {},
  ) {}

  /** Updates and bytes waiting for their commit, over the whole server. */
  get total(): Readonly<BacklogBound> {
    return this.queued;
  }

  /**
   * Whether `workspace` may hand the writer another update now. Not while sockets that waited are
   * about to be woken: room a commit made is theirs first, not the next socket's that happens to be read.
   */
  hasRoomFor(workspace: string): boolean {
    return !this.isWakeScheduled && this.isRoomFor(workspace);
  }

  private isRoomFor(workspace: string): boolean {
    const room = this.rooms.get(workspace);
    return isUnder(this.queued, this.limits.total) && (room === undefined || isUnder(room, this.limits.perRoom));
  }

  /** An update of `bytes` was handed to the writer. */
  added(workspace: string, bytes: number): void {
    const room = this.rooms.get(workspace) ?? { updates: 0, bytes: 0 };
    this.rooms.set(workspace, room);
    room.updates++;
    room.bytes += bytes;
    this.queued.updates++;
    this.queued.bytes += bytes;
    this.options.onChange?.(this.queued);
  }

  /** Its commit answered (stored or failed): it no longer waits. */
  settled(workspace: string, bytes: number): void {
    const room = this.rooms.get(workspace);
    if (!room) throw new Error(`commit backlog: ${workspace} settled an update it never added`);
    room.updates--;
    room.bytes -= bytes;
    if (room.updates === 0) this.rooms.delete(workspace);
    this.queued.updates--;
    this.queued.bytes -= bytes;
    this.options.onChange?.(this.queued);
    if (this.waiters.length > 0) this.scheduleWake();
  }

  /**
   * Calls `wake` once `workspace` has room (never synchronously: after the commit's answers have
   * all been taken in). Returns a function that withdraws the request (the socket closed).
   */
  whenRoomFor(workspace: string, wake: () => void): () => void {
    const waiter: Waiter = { workspace, wake };
    this.waiters.push(waiter);
    if (this.isRoomFor(workspace)) this.scheduleWake();
    return () => {
      const index = this.waiters.indexOf(waiter);
      if (index >= 0) this.waiters.splice(index, 1);
    };
  }

  get waiting(): number {
    return this.waiters.length;
  }

  private scheduleWake(): void {
    if (this.isWakeScheduled) return;
    this.isWakeScheduled = true;
    (this.options.defer ?? setImmediate)(this.wakeWaiters);
  }

  private readonly wakeWaiters = (): void => {
    this.isWakeScheduled = false;
    let i = 0;
    while (i < this.waiters.length && isUnder(this.queued, this.limits.total)) {
      const waiter = this.waiters[i]!;
      if (!this.isRoomFor(waiter.workspace)) {
        i++; // its room is full: those behind it, in other rooms, may still go
        continue;
      }
      this.waiters.splice(i, 1);
      // Adds what it has while there is room; if it fills the room it asks again, at the back.
      waiter.wake();
    }
  };
}
