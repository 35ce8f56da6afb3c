/**
 * One row of a benchmark result. `npm run bench` prints every row as a table and writes all rows
 * as JSON (bench-results.json), so figures can be quoted in issue notes and compared run to run.
 */
export interface BenchRow {
  benchmark: string; // e.g. "anchoring"
  case: string; // e.g. "1,000 quotes, edited document"
  metric: string; // e.g. "total ms", "p95 ms", "re-found %"
  value: number;
  unit: string;
  /** The target from the issue, e.g. "<= 500". */
  target?: string;
  /** The named reference measured in the same run, and value / reference. */
  reference?: { name: string; value: number };
  ratio?: number;
  pass?: boolean;
}

export function percentile(sortedOrNot: number[], p: number): number {
  const sorted = [...sortedOrNot].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A row's cells as people read them: value with unit, target, reference, ratio, PASS/MISS. */
export function cellsOf(r: BenchRow): string[] {
  return [
    r.benchmark,
    r.case,
    r.metric,
    `${round(r.value)} ${r.unit}`,
    r.target ?? '',
    r.reference ? `${r.reference.name}: ${round(r.reference.value)}` : '',
    r.ratio === undefined ? '' : `${r.ratio < 0.1 ? r.ratio.toPrecision(2) : round(r.ratio)}x`,
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS',
  ];
}

export const TABLE_HEADER = ['benchmark', 'case', 'metric', 'value', 'target', 'reference', 'ratio', ''];

/** Prints rows as an aligned table to stdout. */
export function printTable(rows: BenchRow[]): void {
  const cells = rows.map(cellsOf);
  const header = TABLE_HEADER;
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}
