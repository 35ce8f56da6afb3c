import { describe, expect, it } from 'vitest';
import { compactionDue } from '../../sync-server/rooms/compaction-policy';

const config = { maxEntries: 500, maxBytes: 8 * 1024 * 1024, onUnloadEntries: 20 };
const KiB = 1024;

describe('when a room compacts its log, and how', () => {
  it.each([
    ['an empty log', { entries: 0, bytes: 0, snapshotBytes: 0 }, null],
    ['a new doc (no snapshot) at the entry threshold', { entries: 500, bytes: 50 * KiB, snapshotBytes: 0 }, 'snapshot'],
    ['below the entry threshold, small', { entries: 499, bytes: 50 * KiB, snapshotBytes: 0 }, null],
    ['a big doc whose log is small next to it: its tail is squashed', { entries: 500, bytes: 150 * KiB, snapshotBytes: 4096 * KiB }, 'squash'],
    ['a big doc, fewer than 500 entries since the last squash', { entries: 520, bytes: 300 * KiB, snapshotBytes: 4096 * KiB, entriesAfterSquash: 21 }, null],
    ['a big doc, 500 entries since the last squash', { entries: 521, bytes: 300 * KiB, snapshotBytes: 4096 * KiB, entriesAfterSquash: 21 }, 'squash'],
    ['a big doc whose log now weighs as much as it', { entries: 600, bytes: 4096 * KiB, snapshotBytes: 4096 * KiB, entriesAfterSquash: 100 }, 'snapshot'],
    ['a big doc whose squashed entries pile up (tiny updates)', { entries: 750, bytes: 100 * KiB, snapshotBytes: 4096 * KiB, entriesAfterSquash: 250 }, 'snapshot'],
    ['a few huge entries, past maxBytes', { entries: 3, bytes: 9 * 1024 * KiB, snapshotBytes: 0 }, 'snapshot'],
    ['a few huge entries, past the snapshot but under maxBytes', { entries: 3, bytes: 2048 * KiB, snapshotBytes: 1024 * KiB }, null],
  ])('%s → %s', (_, size, expected) => {
    expect(compactionDue(size, config)).toBe(expected);
  });

  /** A doc that only grows by `updateBytes` updates, compacted as the policy says; what it cost. */
  function grow(updates: number, updateBytes: number) {
    let snapshotBytes = 0;
    let log = { entries: 0, bytes: 0 };
    let entriesAfterSquash = 0;
    let rewritten = 0;
    let largestLogShare = 0;
    let mostEntries = 0;
    for (let i = 0; i < updates; i++) {
      log = { entries: log.entries + 1, bytes: log.bytes + updateBytes };
      if (snapshotBytes > 1024 * KiB) largestLogShare = Math.max(largestLogShare, log.bytes / snapshotBytes);
      mostEntries = Math.max(mostEntries, log.entries);
      const due = compactionDue({ ...log, snapshotBytes, entriesAfterSquash }, config);
      if (due === 'snapshot') {
        rewritten += snapshotBytes + log.bytes;
        snapshotBytes += log.bytes;
        log = { entries: 0, bytes: 0 };
        entriesAfterSquash = 0;
      } else if (due === 'squash') {
        const tail = log.entries - Math.max(entriesAfterSquash - 1, 0); // the singles since the last squash
        rewritten += tail * updateBytes;
        log = { entries: log.entries - tail + 1, bytes: log.bytes };
        entriesAfterSquash = log.entries;
      }
    }
    return { perByteLogged: rewritten / (updates * updateBytes), largestLogShare, mostEntries };
  }

  it('rewrites a bounded number of bytes per byte logged however big a doc grows (linear, not quadratic), with the log at most as heavy as the snapshot', () => {
    const small = grow(50_000, 300); // 15 MB
    const large = grow(400_000, 300); // 120 MB
    expect(large.perByteLogged).toBeLessThan(3.5);
    expect(large.perByteLogged).toBeLessThan(small.perByteLogged * 1.25);
    expect(large.largestLogShare).toBeLessThanOrEqual(1);
  });

  it('keeps the entries to replay on load in the hundreds, for clip-sized and for tiny updates', () => {
    expect(grow(400_000, 300).mostEntries).toBeLessThanOrEqual(1000);
    expect(grow(400_000, 20).mostEntries).toBeLessThanOrEqual(1000);
  });
});
