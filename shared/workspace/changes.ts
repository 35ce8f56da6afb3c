import * as Y from 'yjs';
import { ROOT_MAPS, type Collection } from './layout';

/**
 * Which records a set of Yjs changes touched, so the projection can recompute just those. Works from
 * structs (items) rather than from type events, so the same code serves a live transaction and the
 * catch-up after a restart (everything since the last projection checkpoint).
 */
export interface ChangeSet {
  records: Map<Collection, Set<string>>;
  /** Activity entries appended (activity is append-only). */
  activity: unknown[];
}

export const emptyChangeSet = (): ChangeSet => ({ records: new Map(), activity: [] });

export function isEmptyChangeSet(changes: ChangeSet): boolean {
  return changes.activity.length === 0 && [...changes.records.values()].every((ids) => ids.size === 0);
}

export function addRecordChange(changes: ChangeSet, collection: Collection, id: string): void {
  let ids = changes.records.get(collection);
  if (!ids) changes.records.set(collection, (ids = new Set()));
  ids.add(id);
}

const isRecordCollection = (name: string): name is Collection => (ROOT_MAPS as readonly string[]).includes(name);

/** Walks from an item up to the record it belongs to (the item directly under a root map). */
function classifyItem(item: Y.Item, changes: ChangeSet, includeActivityContent: boolean): void {
  let current: Y.Item = item;
  for (;;) {
    const parent = current.parent;
    if (!(parent instanceof Y.AbstractType)) return; // parent was garbage-collected
    if (parent._item === null) {
      const rootName = Y.findRootTypeKey(parent);
      if (isRecordCollection(rootName) && typeof current.parentSub === 'string') {
        addRecordChange(changes, rootName, current.parentSub);
      } else if (rootName === 'activity' && current === item && includeActivityContent && !item.deleted) {
        changes.activity.push(...item.content.getContent());
      }
      return;
    }
    current = parent._item;
  }
}

/** Every struct created after `before` (a state vector), classified. */
function collectNewStructs(doc: Y.Doc, before: Map<number, number>, changes: ChangeSet): void {
  for (const [client, structs] of doc.store.clients) {
    const from = before.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= from) continue;
    let index = from === 0 ? 0 : Y.findIndexSS(structs, from);
    for (; index < structs.length; index++) {
      const struct = structs[index];
      if (struct instanceof Y.Item) classifyItem(struct, changes, true);
    }
  }
}

/** The records a finished local or remote transaction changed. */
export function changesOfTransaction(tr: Y.Transaction): ChangeSet {
  const changes = emptyChangeSet();
  collectNewStructs(tr.doc, tr.beforeState, changes);
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item) classifyItem(struct, changes, false);
  });
  return changes;
}

/**
 * The records changed since `checkpoint` (an encoded Y.Snapshot taken when the projection was last
 * known to match the doc): new structs plus deletions the checkpoint had not seen.
 */
export function changesSinceCheckpoint(doc: Y.Doc, checkpoint: Uint8Array): ChangeSet {
  const snapshot = Y.decodeSnapshot(checkpoint);
  const changes = emptyChangeSet();
  collectNewStructs(doc, snapshot.sv, changes);
  const deletedNow = Y.createDeleteSetFromStructStore(doc.store);
  doc.transact((tr) => {
    Y.iterateDeletedStructs(tr, deletedNow, (struct) => {
      if (struct instanceof Y.Item && !Y.isDeleted(snapshot.ds, struct.id)) classifyItem(struct, changes, false);
    });
  });
  return changes;
}

/** A checkpoint of the doc's current state, to store with the projection. */
export const checkpointOf = (doc: Y.Doc): Uint8Array => Y.encodeSnapshot(Y.snapshot(doc));

/** true when nothing happened to the doc since the checkpoint (the common case on restart). */
export function isCheckpointCurrent(doc: Y.Doc, checkpoint: Uint8Array): boolean {
  return Y.equalSnapshots(Y.decodeSnapshot(checkpoint), Y.snapshot(doc));
}
