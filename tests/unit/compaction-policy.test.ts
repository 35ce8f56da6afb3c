import { describe, expect, it } from 'vitest';
import { shouldCompact } from '../../sync-server/rooms/compaction-policy';

const config = { maxEntries: 500, maxBytes: 8 * 1024 * 1024, onUnloadEntries: 20 };
const KiB = 1024;

describe('when a room folds its log into the snapshot', () => {
  it.each([
    ['an empty log', { entries: 0, bytes: 0, snapshotBytes: 0 }, false],
    ['a new doc (no snapshot) at the entry threshold', { entries: 500, bytes: 50 * KiB, snapshotBytes: 0 }, true],
    ['below the entry threshold, small', { entries: 499, bytes: 50 * KiB, snapshotBytes: 0 }, false],
    ['a big doc whose log is small next to it', { entries: 500, bytes: 150 * KiB, snapshotBytes: 4096 * KiB }, false],
    ['a big doc whose log reached half of it', { entries: 3000, bytes: 2048 * KiB, snapshotBytes: 4096 * KiB }, true],
    ['a big doc with many tiny entries, whose replay weighs half of it', { entries: 8000, bytes: 100 * KiB, snapshotBytes: 4096 * KiB }, true],
    ['a few huge entries, past maxBytes', { entries: 3, bytes: 9 * 1024 * KiB, snapshotBytes: 0 }, true],
    ['a few huge entries, past the snapshot but under maxBytes', { entries: 3, bytes: 2048 * KiB, snapshotBytes: 1024 * KiB }, false],
  ])('%s → %s', (_, size, expected) => {
    expect(shouldCompact(size, config)).toBe(expected);
  });

  it('folds a bounded number of bytes per byte logged however big a doc grows (linear, not quadratic), and keeps the log under half the snapshot', () => {
    // A doc that only grows by 300-byte updates.
    const grow = (updates: number) => {
      let snapshotBytes = 0;
      let log = { entries: 0, bytes: 0 };
      let folded = 0;
      let largestLogShare = 0;
      for (let i = 0; i < updates; i++) {
        log = { entries: log.entries + 1, bytes: log.bytes + 300 };
        if (snapshotBytes > 1024 * KiB) largestLogShare = Math.max(largestLogShare, log.bytes / snapshotBytes);
        if (shouldCompact({ ...log, snapshotBytes }, config)) {
          folded += snapshotBytes + log.bytes;
          snapshotBytes += log.bytes;
          log = { entries: 0, bytes: 0 };
        }
      }
      return { perByteLogged: folded / (updates * 300), largestLogShare };
    };
    const small = grow(50_000); // 15 MB
    const large = grow(400_000); // 120 MB
    expect(large.perByteLogged).toBeLessThan(6);
    expect(large.perByteLogged).toBeLessThan(small.perByteLogged * 1.25);
    expect(large.largestLogShare).toBeLessThanOrEqual(0.5);
  });
});
