import * as Y from 'yjs';
import type { ActivityKind } from '../schema/activity';
import { appendActivity } from './activity';
import type { MutationContext } from './context';
import type { RecordType } from '../schema/versioned';
import { err, ok, type Result } from '../result';
import { collectionOf, getRecordMap, plainFields, type Collection, type RecordMap } from './layout';

/**
 * Validates a whole record, then writes it as a new Y.Map under its id. Validation first, so a bad
 * input never leaves half a record in the doc.
 */
export function insertRecord<T extends { v: number; id: string }>(
  doc: Y.Doc,
  collection: Collection,
  type: RecordType<T>,
  record: T,
  extraFields: Record<string, unknown> = {},
  /** Fields the record type derives from other keys of its map (a source's corrections), not stored as such. */
  derived: readonly string[] = [],
): Result<RecordMap, string> {
  const checked = type.parse(record);
  if (!checked.ok) return err(checked.error);
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries({ ...checked.value, ...extraFields })) if (!derived.includes(key)) map.set(key, value);
  collectionOf(doc, collection).set(record.id, map);
  return ok(map);
}

/**
 * Sets changed fields of an existing record after checking the result still validates. Only fields
 * whose value differs are written, so concurrent edits to other fields are untouched.
 */
export function updateRecordFields<T extends { v: number; id: string }>(
  map: RecordMap,
  type: RecordType<T>,
  current: T,
  changes: Partial<T>,
): Result<string[], string> {
  const next = { ...current, ...changes };
  const checked = type.parse(next);
  if (!checked.ok) return err(checked.error);
  const changed: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) {
      map.set(key, value);
      changed.push(key);
    }
  }
  return ok(changed);
}

/**
 * Changes fields of a stored record in one transaction and logs it: `describe` names the activity
 * for the fields that actually changed (nothing is logged when nothing changed).
 */
export function updateRecord<T extends { v: number; id: string }>(
  doc: Y.Doc,
  ctx: MutationContext,
  collection: Collection,
  type: RecordType<T>,
  id: string,
  changes: Partial<T>,
  describe: (changed: string[], current: T) => { kind: ActivityKind; summary: string },
): Result<void, string> {
  const map = getRecordMap(doc, collection, id);
  const current = map ? type.parse({ ...plainFields(map), id }) : null;
  if (!map || !current?.ok) return err(`${type.name.toLowerCase()} ${id} not found`);
  let result: Result<void, string> = ok(undefined);
  doc.transact(() => {
    const changed = updateRecordFields<T>(map, type, current.value, changes);
    if (!changed.ok) result = changed;
    else if (changed.value.length) {
      const { kind, summary } = describe(changed.value, current.value);
      appendActivity(doc, ctx, kind, id, summary);
    }
  }, ctx.origin);
  return result;
}
