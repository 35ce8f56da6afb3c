import * as Y from 'yjs';
import { activityOf, collectionOf } from '../../shared/workspace/layout';
import type { HistoryStore, RestorableRange } from './workspace-at';

/** A moment to restore to: the last commit of one minute in which the workspace changed. */
export interface RestorePoint {
  /** Unix ms: the commit time of that minute's last update (restoring to it keeps that minute's changes). */
  at: number;
  /** Updates committed in that minute (0 for the first point: the earliest moment kept). */
  updates: number;
  /** Clips in the workspace just after (not deleted). */
  clips: number;
  /** Who wrote that minute's activity lines (a change made without one, e.g. by a buggy client, names nobody). */
  by: string[];
}

const MINUTE_MS = 60_000;

/**
 * The workspace's restore points inside `range`, oldest first: the earliest moment kept, then one
 * per minute with commits, and one just before any commit that removed clips (deleted, or taken out
 * of the workspace), so the moment before a loss is always listed even in a busy minute. Every moment
 * in the range can be restored to; these are the ones where something changed, with what it held
 * after. One pass over the history kept, replayed into one doc.
 */
export async function restorePoints(store: HistoryStore, workspace: string, range: RestorableRange): Promise<RestorePoint[]> {
  const doc = new Y.Doc();
  const points: RestorePoint[] = [];
  let clips = 0;
  // Recounted only when an update adds or removes clips or changes one's deletion: a note or a tag
  // edit leaves the count, and recounting a 2,000-clip map after every one of 20,000 updates was
  // most of the time `history` took.
  let isCountChanged = false;
  const evidence = collectionOf(doc, 'evidence');
  evidence.observeDeep((events) => {
    isCountChanged ||= events.some((e) => e.target === evidence || (e.target.parent === evidence && e instanceof Y.YMapEvent && e.keysChanged.has('deletedAt')));
  });
  let activitySeen = 0;
  /** The names on the activity lines from `activitySeen` up to `end`. */
  const actorsUpTo = (end: number) => {
    const names = new Set<string>();
    for (const line of activityOf(doc).slice(activitySeen, end)) {
      try {
        const name = (JSON.parse(line) as { actor?: { name?: unknown } }).actor?.name;
        if (typeof name === 'string') names.add(name);
      } catch {
        // A line a peer wrote badly: the projection reports it; here it names nobody.
      }
    }
    activitySeen = end;
    return [...names];
  };
  let open: { minute: number; at: number; updates: number } | null = null;
  const close = (clipsThen: number, activityThen: number) => {
    if (open) points.push({ at: open.at, updates: open.updates, clips: clipsThen, by: actorsUpTo(activityThen) });
    open = null;
  };
  const apply = (update: Uint8Array) => {
    isCountChanged = false;
    Y.applyUpdate(doc, update);
    if (isCountChanged) clips = liveClips(doc);
  };
  await store.readHistory(workspace, range.from, {
    snapshot: (snapshot) => snapshot && apply(snapshot.state),
    entry: (entry) => {
      if (entry.committedAt > range.to) return false;
      if (entry.committedAt <= range.from) return void apply(entry.data);
      if (points.length === 0) {
        points.push({ at: range.from, updates: 0, clips, by: [] });
        activitySeen = activityOf(doc).length;
      }
      const [clipsBefore, activityBefore] = [clips, activityOf(doc).length];
      apply(entry.data);
      const minute = Math.floor(entry.committedAt / MINUTE_MS);
      if (open && (clips < clipsBefore || open.minute !== minute)) close(clipsBefore, activityBefore);
      open ??= { minute, at: entry.committedAt, updates: 0 };
      open.at = entry.committedAt;
      open.updates++;
    },
  });
  close(clips, activityOf(doc).length);
  if (points.length === 0) points.push({ at: range.from, updates: 0, clips, by: [] });
  doc.destroy();
  return points;
}

function liveClips(doc: Y.Doc): number {
  let count = 0;
  for (const clip of collectionOf(doc, 'evidence').values()) {
    if (clip instanceof Y.Map && !clip.get('deletedAt')) count++;
  }
  return count;
}
