import * as Y from 'yjs';
import { collectionOf } from './layout';

/**
 * Which clips an incoming Yjs update would destroy in a doc, found before the update is applied (a
 * Y.Doc cannot take an update back). The app never destroys a clip: deleting one is a soft delete
 * (`deletedAt`), restorable and in the activity log. So a clip is destroyed only by a buggy or hostile
 * client: its entry in the `evidence` map removed (`Y.Map.clear()`, `delete`), replaced by another
 * value, or its immutable `capture` removed or replaced. Soft deletes are not counted: a user who
 * deletes sixty clips one by one while offline sends them in one sync step 2 on reconnecting, and
 * each of them can be undone.
 *
 * Reads Yjs's struct store (`doc.store`), which yjs 13 exports for this kind of inspection
 * (`findIndexSS`, `getItem`); the update is parsed with `Y.decodeUpdate`.
 */

/** A Yjs update as `Y.decodeUpdate` reads it: its new structs and its delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type DeleteSet = DecodedUpdate['ds'];

/** An item that holds a live clip now: its entry in the evidence map, or that clip's capture. */
interface ProtectedItem {
  item: Y.Item;
  evidenceId: string;
}

/** The clip whose entry or capture `item` is, while it is the current value; null otherwise. */
function protectedClip(evidence: Y.Map<unknown>, item: Y.Item): string | null {
  if (item.deleted || item.parentSub === null) return null;
  const parent = item.parent;
  if (parent === evidence) return evidence._map.get(item.parentSub) === item ? item.parentSub : null;
  if (item.parentSub !== 'capture' || !(parent instanceof Y.Map) || parent._map.get('capture') !== item) return null;
  const entry = parent._item;
  return entry && entry.parent === evidence && !entry.deleted && entry.parentSub !== null && evidence._map.get(entry.parentSub) === entry ? entry.parentSub : null;
}

/** The items holding live clips that `ds` deletes. */
export function protectedItemsDeletedBy(doc: Y.Doc, ds: DeleteSet): ProtectedItem[] {
  const evidence = collectionOf(doc, 'evidence') as unknown as Y.Map<unknown>;
  const found: ProtectedItem[] = [];
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs || structs.length === 0) continue;
    const last = structs[structs.length - 1]!;
    const known = last.id.clock + last.length;
    for (const { clock, len } of ranges) {
      // A deletion of structs this doc does not have yet deletes nothing here now.
      if (clock >= known) continue;
      const end = Math.min(clock + len, known);
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const struct = structs[i]!;
        if (!(struct instanceof Y.Item)) continue;
        const evidenceId = protectedClip(evidence, struct);
        if (evidenceId !== null) found.push({ item: struct, evidenceId });
      }
    }
  }
  return found;
}

/** The stored item `id` names, if this doc has it. */
function itemAt(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const structs = doc.store.clients.get(id.client);
  const last = structs?.[structs.length - 1];
  if (!structs || !last || id.clock >= last.id.clock + last.length) return null;
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  return struct instanceof Y.Item ? struct : null;
}

/**
 * The clips a new map entry in `structs` replaces. A Y.Map entry written over an existing key names
 * the previous value as its origin (and then carries no parent of its own); one written with no
 * origin names its parent (a root's name, or the parent map's item id) and its key.
 */
function clipsOverwrittenBy(doc: Y.Doc, structs: DecodedUpdate['structs']): string[] {
  const evidence = collectionOf(doc, 'evidence') as unknown as Y.Map<unknown>;
  const out: string[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || itemAt(doc, struct.id) !== null) continue; // already here: a duplicate
    const previous = struct.origin ? itemAt(doc, struct.origin) : null;
    if (previous?.parentSub != null) {
      const evidenceId = protectedClip(evidence, previous);
      if (evidenceId !== null) out.push(evidenceId);
      continue;
    }
    if (struct.parentSub === null || struct.origin !== null) continue;
    // A decoded update names a root type by its name, where a doc's item holds the type itself.
    if ((struct.parent as unknown) === 'evidence' && evidence._map.get(struct.parentSub)?.deleted === false) out.push(struct.parentSub);
    else if (struct.parentSub === 'capture' && struct.parent instanceof Y.ID) {
      const entry = itemAt(doc, struct.parent);
      const evidenceId = entry ? protectedClip(evidence, entry) : null;
      const current = entry?.content instanceof Y.ContentType ? entry.content.type._map.get('capture') : undefined;
      if (evidenceId !== null && current && !current.deleted) out.push(evidenceId);
    }
  }
  return out;
}

/**
 * The ids of the clips in `doc` that applying an update (`Y.decodeUpdate(update)`) would destroy:
 * removed or replaced, or their capture removed or replaced.
 */
export function clipsDestroyedBy(doc: Y.Doc, { structs, ds }: DecodedUpdate): Set<string> {
  const destroyed = new Set(protectedItemsDeletedBy(doc, ds).map((p) => p.evidenceId));
  for (const id of clipsOverwrittenBy(doc, structs)) destroyed.add(id);
  return destroyed;
}
