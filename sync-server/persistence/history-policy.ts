/**
 * What a workspace's history keeps (pure; sqlite-history.ts applies it). Every accepted update stays
 * in the log for the retention window, so any moment inside it can be rebuilt: the newest snapshot
 * at or before it, then the updates committed after that snapshot up to the moment.
 *
 * Snapshots only make that replay short, and each is a whole doc (a 10,000-clip workspace's is
 * 39 MB), so the ones between the base and the newest are thinned twice:
 * - in time: the newest of each hour for the last day, the newest of each day before;
 * - in bytes: one is kept only if the log written since the previous one kept weighs at least as
 *   much as it does. A room folds whenever it unloads, so an idle-then-busy workspace would
 *   otherwise keep a whole doc per hour for a few edits. With this rule the snapshots kept weigh at
 *   most what the log they skip weighs (history costs at most about twice its log, plus the base and
 *   the newest), and a restore replays at most about one doc's worth of log after the snapshot it
 *   starts from: restore points at bounded intervals, in the unit that costs.
 * The newest snapshot at or before the window's start is the history's base: a moment inside the
 * window needs nothing older than it, so older snapshots and the updates it holds are dropped.
 */
export const DEFAULT_HISTORY_DAYS = 30;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A stored snapshot, as the policy sees it: the log position it holds through, and the time it shows. */
export interface SnapshotPoint {
  throughSeq: number;
  /** The commit time (Unix ms) of update `throughSeq`: the moment this snapshot restores to. */
  stateAt: number;
}

/** What the byte rule needs besides: the snapshot's size, and the bytes the log holds since the snapshot before it. */
export interface SizedSnapshotPoint extends SnapshotPoint {
  bytes: number;
  /** Bytes of the updates after the previous snapshot (or the log's start) through this one. */
  loggedBytes: number;
}

export interface HistoryKept {
  /** The snapshots to keep (their throughSeq), oldest first. The newest is always among them. */
  snapshots: number[];
  /** Updates up to and including this seq are needed no more (0: keep them all). */
  dropUpdatesThrough: number;
}

/**
 * Which snapshots to keep, and which updates are no longer needed, at `now` with a window of
 * `historyMs` (0: no history, only what a room loads). `points` are in log order. Points without
 * sizes are thinned in time only.
 */
export function historyToKeep(points: ReadonlyArray<SnapshotPoint | SizedSnapshotPoint>, now: number, historyMs: number): HistoryKept {
  if (points.length === 0) return { snapshots: [], dropUpdatesThrough: 0 };
  const latest = points.at(-1)!;
  if (historyMs <= 0) return { snapshots: [latest.throughSeq], dropUpdatesThrough: latest.throughSeq };
  const edge = now - historyMs;
  const base = points.findLast((p) => p.stateAt <= edge) ?? null;
  const newestPerPeriod = new Map<string, SnapshotPoint>();
  for (const point of points) {
    if (point === latest || point.stateAt <= edge) continue;
    const period = now - point.stateAt < DAY_MS ? `h${Math.floor(point.stateAt / HOUR_MS)}` : `d${Math.floor(point.stateAt / DAY_MS)}`;
    newestPerPeriod.set(period, point); // points come oldest first: the last one wins
  }
  const inTime = new Set(newestPerPeriod.values());
  const kept = new Set<number>(base ? [base.throughSeq] : []);
  let loggedSinceKept = 0;
  for (const point of points) {
    if (base && point.throughSeq <= base.throughSeq) continue;
    loggedSinceKept += 'loggedBytes' in point ? point.loggedBytes : 0;
    if (point === latest) break;
    if (!inTime.has(point)) continue;
    if ('bytes' in point && loggedSinceKept < point.bytes) continue;
    kept.add(point.throughSeq);
    loggedSinceKept = 0;
  }
  kept.add(latest.throughSeq);
  return { snapshots: points.filter((p) => kept.has(p.throughSeq)).map((p) => p.throughSeq), dropUpdatesThrough: base?.throughSeq ?? 0 };
}

/** EVIDENT_HISTORY_DAYS as milliseconds (days may be fractional). */
export const historyMsOf = (days: number) => Math.round(days * DAY_MS);
