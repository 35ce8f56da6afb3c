/**
 * `evident-extract` over the 55 real Ofsted ILACS reports of the development corpus kept beside the repository: what an
 * admin waits for per document, and for the whole corpus in one command. Measured as shipped (the
 * command's own functions in process; the command itself as its own process), with a peer in the
 * same run: poppler's `pdftotext -layout` (Debian's poppler-utils, /usr/bin/pdftotext) on the same
 * files, which gives text only, no metadata. Its per-document time is one process per file, so the
 * command's one-process-per-file row is the like-for-like one; in-process rows leave out Node's start.
 * `npm run bench -- extract`, or `npx tsx tests/bench/extract.bench.ts`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { extractPdfWithSources, type PdfPageLines } from '../../shared/extract/pdf';
import { extractFile } from '../../sync-server/extract/read-document';
import { readPdfPages } from '../../sync-server/extract/read-pdf';
import { type CorpusDoc, loadCorpus } from '../lib/ofsted-corpus';
import { median, percentile, printTable, type BenchRow } from './lib/report';

const PDFTOTEXT = '/usr/bin/pdftotext';
const BIN = resolve(import.meta.dirname, '../../sync-server/bin/evident-extract.mjs');
/** Passes over the corpus after a first, cold one (pdf.js loaded and compiled on first use). */
const PASSES = 3;

/** Wall milliseconds of one process, from its start to its exit. */
function timeProcess(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024 }, (error) => (error ? fail(error) : done(performance.now() - t0)));
  });
}

/** Milliseconds of `measure` for each document, over PASSES passes. */
async function perDocument(docs: readonly CorpusDoc[], measure: (doc: CorpusDoc) => Promise<number>, passes = PASSES): Promise<number[]> {
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) for (const doc of docs) times.push(await measure(doc));
  return times;
}

async function timeExtractFile(doc: CorpusDoc): Promise<number> {
  const t0 = performance.now();
  const result = await extractFile({ path: doc.path, url: doc.url });
  if (!result.ok) throw new Error(`extract bench: ${doc.file}: ${result.error}`);
  return performance.now() - t0;
}

const cliArgs = (docs: readonly CorpusDoc[]) => [BIN, ...docs.flatMap((d) => [d.path, '--url', d.url])];
const pdftotextAll = async (docs: readonly CorpusDoc[]) => {
  const t0 = performance.now();
  for (const doc of docs) await timeProcess(PDFTOTEXT, ['-layout', doc.path, '-']);
  return performance.now() - t0;
};

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(PDFTOTEXT)) throw new Error(`extract bench: ${PDFTOTEXT} is missing (apt-get install poppler-utils): it is the reference`);
  const docs = loadCorpus();
  const n = docs.length;

  // In process: the cold first pass, then PASSES warm passes.
  const cold = await perDocument(docs, timeExtractFile, 1);
  const warm = await perDocument(docs, timeExtractFile);
  // The shared extraction alone, on each document's lines (what the viewer runs after pdf.js).
  const lines: PdfPageLines[][] = [];
  for (const doc of docs) lines.push(await readPdfPages(readFileSync(doc.path)));
  const extractionOnly = await perDocument(docs, async (doc) => {
    const pages = lines[docs.indexOf(doc)]!;
    const t0 = performance.now();
    extractPdfWithSources(pages, doc.url);
    return performance.now() - t0;
  });
  const pdftotext = await perDocument(docs, (doc) => timeProcess(PDFTOTEXT, ['-layout', doc.path, '-']));
  // One process per document, as pdftotext runs: one pass (each start compiles the command again).
  const cliEach = await perDocument(docs, (doc) => timeProcess(process.execPath, cliArgs([doc])), 1);
  // The whole corpus in one command, and pdftotext over the same files one after another.
  const cliAll: number[] = [];
  const pdftotextWhole: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    cliAll.push(await timeProcess(process.execPath, cliArgs(docs)));
    pdftotextWhole.push(await pdftotextAll(docs));
  }

  const bench = 'extract';
  const peer = 'pdftotext -layout, one process per file';
  const rows: BenchRow[] = [];
  const compare = (case_: string, metric: string, ours: number[], theirs: number[], p: number) => {
    const value = percentile(ours, p);
    const reference = percentile(theirs, p);
    rows.push({ benchmark: bench, case: case_, metric, value, unit: 'ms', reference: { name: peer, value: reference }, ratio: value / reference });
  };
  const warmCase = `${n} ILACS reports, in process (read + pdf.js text + extraction), ${PASSES} passes after a cold one`;
  compare(warmCase, 'median ms per document', warm, pdftotext, 50);
  compare(warmCase, 'p95 ms per document', warm, pdftotext, 95);
  const eachCase = `${n} ILACS reports, evident-extract as one process per file`;
  compare(eachCase, 'median ms per document', cliEach, pdftotext, 50);
  compare(eachCase, 'p95 ms per document', cliEach, pdftotext, 95);
  rows.push(
    { benchmark: bench, case: `${n} ILACS reports, in process, first pass (pdf.js cold)`, metric: 'median ms per document', value: median(cold), unit: 'ms' },
    { benchmark: bench, case: `${n} ILACS reports, in process, first document of the process`, metric: 'ms', value: cold[0]!, unit: 'ms' },
    { benchmark: bench, case: `${n} ILACS reports, the shared extraction alone on their lines`, metric: 'median ms per document', value: median(extractionOnly), unit: 'ms' },
    { benchmark: bench, case: `${n} ILACS reports, the shared extraction alone on their lines`, metric: 'p95 ms per document', value: percentile(extractionOnly, 95), unit: 'ms' },
  );
  const wholeMs = median(cliAll);
  const wholeRef = median(pdftotextWhole);
  rows.push(
    {
      benchmark: bench,
      case: `${n} ILACS reports, one evident-extract command (median of ${PASSES})`,
      metric: 'wall ms',
      value: wholeMs,
      unit: 'ms',
      reference: { name: `pdftotext -layout over the ${n} files, one after another`, value: wholeRef },
      ratio: wholeMs / wholeRef,
    },
    { benchmark: bench, case: `${n} ILACS reports, one evident-extract command (median of ${PASSES})`, metric: 'wall ms per document', value: wholeMs / n, unit: 'ms' },
  );
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
