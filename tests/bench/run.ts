/**
 * `npm run bench`: every benchmark, printed as one table and written as JSON (bench-results.json).
 * `npm run bench -- search anchoring` runs only those. Each benchmark's table in docs/benchmarks.md
 * is rewritten from its run (lib/benchmarks-doc.ts). The capture benchmark needs the built
 * extension and Chromium (npm run bench builds first).
 */
import { writeFileSync } from 'node:fs';
import { run as anchoring } from './anchoring.bench';
import { run as capture } from './capture.bench';
import { run as coverage } from './coverage.bench';
import { run as extract } from './extract.bench';
import { run as extractBrowser } from './extract-first-clip.bench';
import { run as pdfAnchoring } from './pdf-anchoring.bench';
import { run as pdfViewer } from './pdf-viewer.bench';
import { updateBenchmarksDoc } from './lib/benchmarks-doc';
import { printTable, type BenchRow } from './lib/report';
import { run as packExport } from './pack-export.bench';
import { run as packExports } from './pack-exports.bench';
import { run as packHtml } from './pack-html.bench';
import { run as packServer } from './pack-server.bench';
import { run as search } from './search.bench';
import { run as suggest } from './suggest.bench';
import { run as sync } from './sync-latency.bench';
import { run as syncScaleOut } from './sync-scale-out.bench';
import { run as syncServer } from './sync-server.bench';

const BENCHES: Record<string, () => Promise<BenchRow[]>> = { anchoring, search, suggest, coverage, capture, sync, 'sync-server': syncServer, 'sync-scale-out': syncScaleOut, 'pdf-anchoring': pdfAnchoring, 'pdf-viewer': pdfViewer,
  'pack-html': packHtml, 'pack-export': packExport, 'pack-exports': packExports, 'pack-server': packServer,
  extract, 'extract-browser': extractBrowser };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
}

const rows: BenchRow[] = [];
const byBenchmark = new Map<string, BenchRow[]>();
for (const name of names) {
  console.error(`running ${name}…`);
  const produced = await BENCHES[name]!();
  rows.push(...produced);
  byBenchmark.set(name, produced);
}
printTable(rows);
const now = new Date();
const results = { date: now.toISOString(), node: process.version, rows };
// A quick run (EVIDENT_BENCH_QUICK=1) checks the benchmarks' code; its figures must not replace real ones.
if (process.env.EVIDENT_BENCH_QUICK !== '1') {
  writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
  updateBenchmarksDoc('docs/benchmarks.md', byBenchmark, now);
}
console.log('\n' + JSON.stringify(results));
