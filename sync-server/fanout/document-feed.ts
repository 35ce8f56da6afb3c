import type { PgSyncStore, UpdatesAfter } from '../persistence/pg/types';
import { SeqCursor } from './seq-cursor';

/** A committed update as the fan-out carries it. */
export interface CommittedEntry {
  seq: number;
  update: Uint8Array;
}

export interface DocumentFeedDeps {
  /** The authoritative log: rows after a seq (PgSyncStore.readUpdatesAfter). */
  readUpdatesAfter: (workspace: string, afterSeq: number, limit?: number) => Promise<UpdatesAfter>;
  /** Applies committed updates of other instances to the document, in seq order (and sends them to its clients). */
  apply: (workspace: string, entries: CommittedEntry[]) => void;
  /** Rows this instance lacks were pruned by a compaction: the document must be loaded again from its snapshot. */
  onReloadNeeded: (workspace: string) => void;
  onError: (workspace: string, error: unknown) => void;
  /** How long a hole behind this instance's own commit may stay before it is read from PostgreSQL. */
  holeGraceMs: number;
  /** Updates this instance read from PostgreSQL because the stream did not bring them (a metric: replays). */
  onReplayed?: (workspace: string, updates: number) => void;
}

const GAP_READ_LIMIT = 1000;
/** How long a hole behind an own commit may stay before it is read from PostgreSQL, unless told. */
const HOLE_GRACE_MS = 250;

/** A fan-out's options, as its feeds need them: the log to read gaps from, and what to do with what arrives. */
export function feedDepsOf(
  options: Pick<DocumentFeedDeps, 'apply' | 'onReloadNeeded' | 'onError' | 'onReplayed'> & {
    store: Pick<PgSyncStore, 'readUpdatesAfter'>;
    holeGraceMs?: number;
  },
): DocumentFeedDeps {
  return {
    readUpdatesAfter: (workspace, afterSeq, limit) => options.store.readUpdatesAfter(workspace, afterSeq, limit),
    apply: options.apply,
    onReloadNeeded: options.onReloadNeeded,
    onError: options.onError,
    onReplayed: options.onReplayed,
    holeGraceMs: options.holeGraceMs ?? HOLE_GRACE_MS,
  };
}

/**
 * One document's incoming committed updates on one instance. Entries from the stream come in any
 * batch; they are applied strictly in seq order, once: a seq already held is skipped, and a seq past
 * the next one means some were missed (trimmed from the stream, a Redis restart, a lost XADD), which
 * are read from PostgreSQL first. Created when the document is subscribed, before it loads; entries
 * arriving before `loaded` wait, and are applied past the loaded seq. Work is serialised per
 * document (a gap read is async), so order holds.
 */
export class DocumentFeed {
  private cursor: SeqCursor | null = null;
  private waitingForLoad: CommittedEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  private holeTimer: NodeJS.Timeout | null = null;
  private isClosed = false;

  constructor(
    readonly workspace: string,
    private readonly deps: DocumentFeedDeps,
  ) {}

  /** Every seq through which the doc holds (null: not loaded yet). */
  get applied(): number | null {
    return this.cursor?.applied ?? null;
  }

  /** The document was loaded through `seq` (snapshot + rows); what arrived meanwhile is applied past it. */
  loaded(seq: number): void {
    this.cursor = new SeqCursor(seq);
    const waiting = this.waitingForLoad;
    this.waitingForLoad = [];
    if (waiting.length) this.receive(waiting);
  }

  /** This instance committed `seq` (its doc has it already): it is skipped when the stream brings it back. */
  committedHere(seq: number): void {
    if (!this.cursor) throw new Error(`workspace ${this.workspace}: commit noted before the document was loaded`);
    this.cursor.committedHere(seq);
    this.watchForHole();
  }

  /** Entries from the stream, in any order. */
  receive(entries: CommittedEntry[]): void {
    if (this.isClosed) return;
    if (!this.cursor) {
      this.waitingForLoad.push(...entries);
      return;
    }
    void this.enqueue(() => this.deliver(entries));
  }

  /** Reads everything after `applied` from PostgreSQL (when the stream cannot be trusted to carry it). */
  catchUp(): Promise<void> {
    if (!this.cursor || this.isClosed) return Promise.resolve();
    return this.enqueue(() => this.fillFromStore(Number.POSITIVE_INFINITY));
  }

  close(): void {
    this.isClosed = true;
    if (this.holeTimer) clearTimeout(this.holeTimer);
    this.holeTimer = null;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(work).catch((error: unknown) => this.deps.onError(this.workspace, error));
    return this.chain;
  }

  private async deliver(entries: CommittedEntry[]): Promise<void> {
    const cursor = this.cursor!;
    let batch: CommittedEntry[] = [];
    const applyBatch = () => {
      if (batch.length && !this.isClosed) this.deps.apply(this.workspace, batch);
      batch = [];
    };
    for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
      if (this.isClosed) return;
      if (cursor.holds(entry.seq)) continue;
      if (entry.seq > cursor.next) {
        applyBatch();
        await this.fillFromStore(entry.seq - 1);
        if (cursor.holds(entry.seq)) continue;
        if (entry.seq !== cursor.next) return; // the rows were pruned: a reload was asked for
      }
      batch.push(entry);
      cursor.advance(entry.seq);
    }
    applyBatch();
    this.watchForHole();
  }

  /** Reads the rows after `applied` through `throughSeq` (or all there are) and applies those the doc lacks. */
  private async fillFromStore(throughSeq: number): Promise<void> {
    const cursor = this.cursor!;
    while (!this.isClosed && cursor.applied < throughSeq) {
      const read = await this.deps.readUpdatesAfter(this.workspace, cursor.applied, GAP_READ_LIMIT);
      if (!read.ok) {
        this.close();
        this.deps.onReloadNeeded(this.workspace);
        return;
      }
      const batch: CommittedEntry[] = [];
      for (const entry of read.entries) {
        if (entry.seq > throughSeq) break;
        if (cursor.holds(entry.seq)) continue;
        cursor.advance(entry.seq); // rows are contiguous from applied + 1: a hole here is a bug, and throws
        batch.push(entry);
      }
      if (batch.length && !this.isClosed) {
        this.deps.onReplayed?.(this.workspace, batch.length);
        this.deps.apply(this.workspace, batch);
      }
      if (read.entries.length < GAP_READ_LIMIT) return;
    }
  }

  /**
   * An own commit past a hole says the missing seqs exist. They are normally on their way through
   * the stream; if they have not come within the grace, they are read from PostgreSQL.
   */
  private watchForHole(): void {
    if (this.holeTimer || this.isClosed || !this.cursor?.hasHole) return;
    this.holeTimer = setTimeout(() => {
      this.holeTimer = null;
      if (this.cursor?.hasHole) void this.catchUp().then(() => this.watchForHole());
    }, this.deps.holeGraceMs);
  }
}
