import * as Y from 'yjs';
import { appendActivity } from './activity';
import type { MutationContext } from './context';
import { activityOf, ROOT_MAPS, type Collection } from './layout';

/** What a restore changed in one collection: records brought back, records removed, records changed. */
export interface CollectionChange {
  restored: number;
  removed: number;
  changed: number;
}

export interface RestoreSummary {
  /** False when the workspace already held exactly what `past` holds: nothing was written. */
  isChanged: boolean;
  collections: Record<Collection | 'snapshots', CollectionChange>;
  /** Activity lines `past` had that the workspace had lost, put back. */
  activityRestored: number;
}

export interface RestoreDescription {
  workspaceId: string;
  /** The moment `past` shows (ISO 8601), as the activity line names it. */
  at: string;
  /** Where it came from, for the activity line ("its history", "backup evident-2025-01-01.sqlite"). */
  from: string;
}

/**
 * Makes `doc` hold what `past` holds, as one new change on top of what it holds now, never by
 * rewriting what is stored: every replica and the server's log take it as an ordinary update, so
 * connected clients follow, and restoring to a moment before the restore undoes it.
 *
 * Each record map, field, note and list is brought to its past value; Yjs items that already hold
 * it are kept, so the update is small and a teammate's edit to a record the restore does not touch
 * is not overwritten. Records removed since (a `Y.Map.clear()` included) come back as copies, under
 * their ids. `meta` is left alone (it names the workspace, which differs for a restore into another
 * one). The activity trail is append-only, an audit trail: lines it has lost are put back, lines
 * written since are kept, and one `workspace.restored` line says who restored what and when.
 */
export function restoreWorkspaceContent(doc: Y.Doc, past: Y.Doc, ctx: MutationContext, about: RestoreDescription): RestoreSummary {
  const summary: RestoreSummary = {
    isChanged: false,
    collections: Object.fromEntries([...ROOT_MAPS, 'snapshots'].map((name) => [name, { restored: 0, removed: 0, changed: 0 }])) as RestoreSummary['collections'],
    activityRestored: 0,
  };
  doc.transact(() => {
    for (const name of [...ROOT_MAPS, 'snapshots'] as const) {
      const change = summary.collections[name];
      const current = doc.getMap<unknown>(name);
      const target = past.getMap<unknown>(name);
      for (const id of [...current.keys()]) {
        if (!target.has(id)) {
          current.delete(id);
          change.removed++;
        }
      }
      for (const [id, value] of target.entries()) {
        const had = current.has(id);
        if (!reconcileValue(current, id, value)) continue;
        if (had) change.changed++;
        else change.restored++;
      }
    }
    const lines = new Set(activityOf(doc).toArray());
    const lost = activityOf(past)
      .toArray()
      .filter((line) => !lines.has(line));
    if (lost.length) activityOf(doc).push(lost);
    summary.activityRestored = lost.length;
    summary.isChanged = lost.length > 0 || Object.values(summary.collections).some((c) => c.restored + c.removed + c.changed > 0);
    if (summary.isChanged) appendActivity(doc, ctx, 'workspace.restored', about.workspaceId, describeRestore(summary, about));
  }, ctx.origin);
  return summary;
}

/** The activity line: "restored the workspace as it was at …, from …: 12 clips back, 1 removed, 3 changed". */
export function describeRestore(summary: RestoreSummary, about: RestoreDescription): string {
  const clips = summary.collections.evidence;
  const parts = [
    clips.restored && `${clips.restored} clip${clips.restored === 1 ? '' : 's'} back`,
    clips.removed && `${clips.removed} clip${clips.removed === 1 ? '' : 's'} removed`,
    clips.changed && `${clips.changed} clip${clips.changed === 1 ? '' : 's'} changed`,
  ].filter(Boolean);
  const others = Object.entries(summary.collections)
    .filter(([name]) => name !== 'evidence')
    .reduce((n, [, c]) => n + c.restored + c.removed + c.changed, 0);
  if (others) parts.push(`${others} other record${others === 1 ? '' : 's'} restored`);
  return `restored the workspace as it was at ${about.at}, from ${about.from}: ${parts.join(', ') || 'no record changed'}`;
}

/** Sets `map[key]` to (a copy of) `value` unless it already holds it; says whether anything changed. */
function reconcileValue(map: Y.Map<unknown>, key: string, value: unknown): boolean {
  const current = map.get(key);
  if (value instanceof Y.Map) {
    if (current instanceof Y.Map) return reconcileMap(current, value);
    map.set(key, value.clone());
    return true;
  }
  if (value instanceof Y.Text) {
    if (current instanceof Y.Text) return reconcileText(current, value);
    map.set(key, value.clone());
    return true;
  }
  if (value instanceof Y.AbstractType) {
    // Arrays and any other shared type: replaced whole when its content differs (none is edited concurrently).
    if (current instanceof Y.AbstractType && sameJson(current.toJSON(), value.toJSON())) return false;
    map.set(key, value.clone());
    return true;
  }
  if (!(current instanceof Y.AbstractType) && map.has(key) && sameJson(current, value)) return false;
  map.set(key, value);
  return true;
}

function reconcileMap(current: Y.Map<unknown>, target: Y.Map<unknown>): boolean {
  let changed = false;
  for (const key of [...current.keys()]) {
    if (!target.has(key)) {
      current.delete(key);
      changed = true;
    }
  }
  for (const [key, value] of target.entries()) changed = reconcileValue(current, key, value) || changed;
  return changed;
}

/**
 * Notes are plain text: only the span between the common start and the common end is replaced, so
 * the rest keeps its items (and a teammate's cursor in it). Formatted text is replaced whole.
 */
function reconcileText(current: Y.Text, target: Y.Text): boolean {
  const now = current.toDelta() as Array<{ insert: unknown; attributes?: unknown }>;
  const then = target.toDelta() as Array<{ insert: unknown; attributes?: unknown }>;
  if (sameJson(now, then)) return false;
  const isPlain = (delta: typeof now) => delta.every((op) => typeof op.insert === 'string' && op.attributes === undefined);
  if (!isPlain(now) || !isPlain(then)) {
    current.delete(0, current.length);
    current.applyDelta(then);
    return true;
  }
  const a = current.toString();
  const b = target.toString();
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  // Never cut between the halves of a surrogate pair (Y.Text counts UTF-16 units).
  if (start > 0 && isHighSurrogate(a.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(a.charCodeAt(a.length - end))) end--;
  if (a.length - start - end > 0) current.delete(start, a.length - start - end);
  if (b.length - start - end > 0) current.insert(start, b.slice(start, b.length - end));
  return true;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Deep equality of JSON values, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((byte, i) => byte === b[i]);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
