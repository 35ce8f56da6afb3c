import type { SyncServerConfig } from '../config';

/** A workspace's stored state: the log after its snapshot, and the snapshot's size. */
export interface StoredSize {
  entries: number;
  bytes: number;
  snapshotBytes: number;
}

/**
 * Replaying a log entry on load costs about as much as this many bytes of snapshot (the per-update
 * work of Y.applyUpdate: a decoder, a transaction, its cleanup). Measured on the build machine with
 * 5,000 clip updates of ~357 bytes: 7.9 µs to replay each, 12.6 ns per byte of the equivalent
 * snapshot, so an entry weighs ~276 bytes more than its own.
 */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Whether the log is worth folding into the snapshot now. A fold costs about the size of the
 * snapshot plus the log, so folding every `maxEntries` entries makes a growing doc cost more and
 * more per update (quadratic over its life): a 4 MB doc refolded every 500 small updates. So the
 * log must also weigh at least half the snapshot, where an entry weighs its bytes plus what replaying
 * it costs on load. That keeps the bytes folded per byte logged bounded (about three), and loading a
 * room at most about 1.5 times as dear as loading a freshly folded one. A log past `maxBytes` (or
 * past the snapshot's own size) is folded whatever its entries.
 */
export function shouldCompact({ entries, bytes, snapshotBytes }: StoredSize, { maxEntries, maxBytes }: SyncServerConfig['compaction']): boolean {
  if (entries === 0) return false;
  if (bytes >= Math.max(maxBytes, snapshotBytes)) return true;
  if (entries < maxEntries) return false;
  return (bytes + entries * ENTRY_OVERHEAD_BYTES) * 2 >= snapshotBytes;
}
