/** Clips counted per period of their document date, for the coverage chart. */
export interface Bucket {
  /** "2026-03" or "2026". */
  key: string;
  /** "Mar 2026" or "2026". */
  label: string;
  count: number;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** More months than this and the bars would be too thin to read: count by year instead. */
const MAX_MONTH_BARS = 24;

/**
 * Counts ISO days by month (or by year over a long span), zero-filled from the first to `today` (or a
 * later day), so gaps, and how long ago the evidence is, show. Months are named the UK way ("Mar
 * 2026"), never as "2026-03".
 */
export function bucketByPeriod(days: string[], today: string): Bucket[] {
  if (!days.length) return [];
  const sorted = [...days].sort();
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]! > today ? sorted[sorted.length - 1]! : today;
  const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  const span = monthIndex(last) - monthIndex(first) + 1;
  const byYear = span > MAX_MONTH_BARS;
  const counts = new Map<string, number>();
  for (const day of sorted) {
    const key = byYear ? day.slice(0, 4) : day.slice(0, 7);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const buckets: Bucket[] = [];
  if (byYear) {
    for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
      buckets.push({ key: String(year), label: String(year), count: counts.get(String(year)) ?? 0 });
    }
  } else {
    for (let m = monthIndex(first); m <= monthIndex(last); m++) {
      const key = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      buckets.push({ key, label: `${MONTH_NAMES[m % 12]} ${Math.floor(m / 12)}`, count: counts.get(key) ?? 0 });
    }
  }
  return buckets;
}

/** Whole-number gridlines from 0 to at least `max`, at most five of them. */
export function countTicks(max: number): number[] {
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].find((s) => max / s <= 5) ?? Math.ceil(max / 5);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}
