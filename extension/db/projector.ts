import type * as Y from 'yjs';
import {
  addRecordChange,
  changesOfTransaction,
  changesSinceCheckpoint,
  checkpointOf,
  emptyChangeSet,
  isCheckpointCurrent,
  isEmptyChangeSet,
  type ChangeSet,
} from '../../shared/workspace/changes';
import { docSourceLookup, project, projectActivityEntry, projectRecord } from '../../shared/workspace/project';
import type { SourceRow } from '../../shared/workspace/rows';
import { PROJECTED_TABLES, type ProjectionDb } from './projection-db';
import { writeProjectionRows, type ProjectedTableName } from './write-rows';

const CHECKPOINT_DELAY_MS = 1000;

/**
 * Keeps a ProjectionDb in step with a workspace doc: on attach it catches up from the last checkpoint
 * (or rebuilds), then recomputes the records each transaction touched, with the same pure functions
 * as `project(doc)`. Writes are batched: changes queue while a flush runs.
 */
export class Projector {
  private pending: ChangeSet = emptyChangeSet();
  private flushing: Promise<void> | null = null;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onTransaction = (tr: Y.Transaction) => this.enqueue(changesOfTransaction(tr));
  /** Problems found while projecting (records that failed validation), newest last. */
  readonly problems: string[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly db: ProjectionDb,
  ) {}

  async attach(): Promise<void> {
    const checkpoint = (await this.db.meta.get('checkpoint'))?.value;
    this.doc.on('afterTransaction', this.onTransaction);
    if (!(checkpoint instanceof Uint8Array)) await this.rebuild();
    else if (!isCheckpointCurrent(this.doc, checkpoint)) this.enqueue(changesSinceCheckpoint(this.doc, checkpoint));
    await this.whenIdle();
  }

  detach(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
  }

  /** Resolves once every change seen so far is in the database. */
  async whenIdle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Clears the projection and writes `project(doc)` afresh. */
  async rebuild(): Promise<void> {
    await this.whenIdle();
    const projection = project(this.doc);
    this.problems.push(...projection.problems);
    const checkpoint = checkpointOf(this.doc);
    await this.db.transaction('rw', [...PROJECTED_TABLES.map((t) => this.db[t]), this.db.meta], async () => {
      for (const table of PROJECTED_TABLES) await this.db[table].clear();
      await writeProjectionRows(this.db, new Map(PROJECTED_TABLES.map((t) => [t, projection[t]])));
      await this.db.meta.put({ key: 'checkpoint', value: checkpoint });
    });
  }

  private enqueue(changes: ChangeSet): void {
    if (isEmptyChangeSet(changes)) return;
    for (const [collection, ids] of changes.records) {
      for (const id of ids) addRecordChange(this.pending, collection, id);
    }
    this.pending.activity.push(...changes.activity);
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (!isEmptyChangeSet(this.pending)) {
        const batch = this.pending;
        this.pending = emptyChangeSet();
        await this.write(batch);
      }
    } finally {
      this.flushing = null;
      this.scheduleCheckpoint();
    }
  }

  private async write(batch: ChangeSet): Promise<void> {
    const changedSources = batch.records.get('sources') ?? new Set<string>();
    if (changedSources.size > 0) {
      // Evidence rows carry their source's council, type and date, so they follow a source change.
      const dependents = await this.db.evidence.where('sourceId').anyOf([...changedSources]).primaryKeys();
      for (const id of dependents) addRecordChange(batch, 'evidence', id);
    }
    const sourceCache = new Map<string, SourceRow | null>();
    const lookupInDoc = docSourceLookup(this.doc);
    const lookup = (id: string) => {
      if (!sourceCache.has(id)) sourceCache.set(id, lookupInDoc(id));
      return sourceCache.get(id)!;
    };
    const puts = new Map<ProjectedTableName, object[]>();
    const deletes = new Map<ProjectedTableName, string[]>();
    for (const [collection, ids] of batch.records) {
      for (const id of ids) {
        const row = projectRecord(this.doc, collection, id, lookup);
        if (row?.ok) push(puts, collection, row.value);
        else {
          if (row) this.problems.push(row.error);
          push(deletes, collection, id);
        }
      }
    }
    for (const entry of batch.activity) {
      const row = projectActivityEntry(entry);
      if (row.ok) push(puts, 'activity', row.value);
      else this.problems.push(row.error);
    }
    await writeProjectionRows(this.db, puts, deletes);
  }

  /**
   * Records, once the queue is empty, which doc state the projection now reflects. Taken only when
   * idle so a checkpoint never claims a change that is still waiting to be written.
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.flushing || !isEmptyChangeSet(this.pending)) return;
      void this.db.meta.put({ key: 'checkpoint', value: checkpointOf(this.doc) });
    }, CHECKPOINT_DELAY_MS);
  }

  /** Writes the checkpoint now (tests, and before the service worker is allowed to stop). */
  async saveCheckpoint(): Promise<void> {
    await this.whenIdle();
    await this.db.meta.put({ key: 'checkpoint', value: checkpointOf(this.doc) });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
