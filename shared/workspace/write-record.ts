import * as Y from 'yjs';
import type { RecordType } from '../schema/versioned';
import { err, ok, type Result } from '../result';
import { collectionOf, type Collection, type RecordMap } from './layout';

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
): Result<RecordMap, string> {
  const checked = type.parse(record);
  if (!checked.ok) return err(checked.error);
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries({ ...checked.value, ...extraFields })) map.set(key, value);
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
