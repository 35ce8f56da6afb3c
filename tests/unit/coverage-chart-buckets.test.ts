import { describe, expect, it } from 'vitest';
import { bucketByPeriod, countTicks } from '../../extension/ui/components/coverage/timeline-buckets';

describe('the coverage chart counts clips by their documents\' dates', () => {
  it('by month, named the UK way, zero-filled up to today', () => {
    expect(bucketByPeriod(['2026-10-03', '2026-10-20', '2026-12-01'], '2026-12-03')).toEqual([
      { key: '2026-10', label: 'Oct 2026', count: 2 },
      { key: '2026-11', label: 'Nov 2026', count: 0 },
      { key: '2026-12', label: 'Dec 2026', count: 1 },
    ]);
  });

  it('by year when months would be too many to read: a 2019 report clipped today is 2019\'s', () => {
    const buckets = bucketByPeriod(['2019-11-04', '2020-02-26'], '2026-12-03');
    expect(buckets.map((b) => [b.label, b.count])).toEqual([['2019', 1], ['2020', 1], ['2021', 0], ['2022', 0], ['2023', 0], ['2024', 0], ['2025', 0], ['2026', 0]]);
  });

  it.each([[1, [0, 1]], [4, [0, 1, 2, 3, 4]], [7, [0, 2, 4, 6, 8]], [23, [0, 5, 10, 15, 20, 25]]])('puts whole-number gridlines up to %i at %j', (max, ticks) => {
    expect(countTicks(max)).toEqual(ticks);
  });
});
