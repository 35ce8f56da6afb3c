/**
 * Evidence-pack exports benchmark (issue: "Word export of a 10,000-clip pack in <= 10 s"): on a
 * generated workspace of 10,000 clips, 200 actions and 300 sources (tests/bench/lib/pack-workspace.ts),
 * the time and size of the Word (.docx), CSV and REFI-QDA (.qdc, .qdpx) exports of the whole pack, each
 * beside a peer measured in the same run:
 * - Word: LibreOffice (Debian's libreoffice-writer-nogui) converting an HTML file with the same
 *   headings, summary table, quotes and citation footnotes to .docx (`soffice --headless
 *   --convert-to docx`); its start-up alone, converting a one-paragraph file, is a row of its own;
 * - CSV: papaparse.unparse of the same rows with no formula escaping and no model walk;
 * - QDPX: fflate zipping the same files alone (the zip's share of the export).
 * Node-only: `npx tsx tests/bench/pack-exports.bench.ts`. Needs /usr/bin/soffice (SOFFICE_PATH).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { strToU8, unzipSync, zipSync } from 'fflate';
import Papa from 'papaparse';
import { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, RAG_LABELS, actionLabel, formatDate, formatDateTime } from '../../shared/labels';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackClip, type PackModel } from '../../shared/pack';
import { renderPackCsv } from '../../shared/pack/csv';
import { renderPackDocx } from '../../shared/pack/docx';
import { renderPackQdc, renderPackQdpx } from '../../shared/pack/refi-qda';
import { generatePackWorkspaceDoc } from './lib/pack-workspace';
import { median, printTable, round, type BenchRow } from './lib/report';

const SIZE = { clips: 10_000, actions: 200, sources: 300 };
const WORD_TARGET_MS = 10_000;
const WORD_RUNS = 3;
const FAST_RUNS = 5;
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const execFileAsync = promisify(execFile);

async function timeRuns<T>(runs: number, fn: () => Promise<T> | T): Promise<{ times: number[]; result: T }> {
  let result = await fn(); // warm up (JIT, lazy imports); its output is the one measured for size
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  return { times, result };
}

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(SOFFICE)) throw new Error(`LibreOffice is missing at ${SOFFICE}: install Debian's libreoffice-writer-nogui (the Word export's peer)`);
  const label = `${SIZE.clips.toLocaleString('en-GB')} clips, ${SIZE.actions} actions, ${SIZE.sources} sources`;
  const doc = await generatePackWorkspaceDoc(SIZE);
  const buildStart = performance.now();
  const model = await buildPackModel(packWorkspaceFromDoc(doc, 'bench-pack'), EVERYTHING, {
    generatedAt: '2026-12-03T09:00:00.000Z',
    generatedBy: 'Bench',
    staleAfterMonths: 6,
  });
  const buildMs = performance.now() - buildStart;
  const shown = model.totals.links + model.unlinkedClipIds.length;
  const rows: BenchRow[] = [
    { benchmark: 'pack-exports', case: `${label}: pack model (once)`, metric: 'build ms', value: buildMs, unit: 'ms' },
    { benchmark: 'pack-exports', case: `${label}: pack model`, metric: 'quotes shown', value: shown, unit: 'quotes' },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'evident-pack-bench-'));
  try {
    // Word, and LibreOffice writing the same content from HTML.
    const word = await timeRuns(WORD_RUNS, () => renderPackDocx(model));
    const wordMs = median(word.times);
    const office = await libreOfficeHtmlToDocx(model, dir);
    rows.push(
      {
        benchmark: 'pack-exports', case: `${label}: Word (.docx), median of ${WORD_RUNS}`, metric: 'export ms', value: wordMs, unit: 'ms',
        target: `<= ${WORD_TARGET_MS}`, pass: wordMs <= WORD_TARGET_MS,
        reference: { name: 'LibreOffice HTML→docx', value: office.convertMs }, ratio: wordMs / office.convertMs,
      },
      { benchmark: 'pack-exports', case: `${label}: Word (.docx)`, metric: 'file size', value: word.result.length / 1e6, unit: 'MB', reference: { name: 'LibreOffice HTML→docx MB', value: office.docxBytes / 1e6 }, ratio: word.result.length / office.docxBytes },
      { benchmark: 'pack-exports', case: 'LibreOffice HTML→docx: start-up alone (one-paragraph file)', metric: 'convert ms', value: office.startupMs, unit: 'ms' },
      { benchmark: 'pack-exports', case: `${label}: LibreOffice HTML input`, metric: 'file size', value: office.htmlBytes / 1e6, unit: 'MB' },
    );

    // CSV, and papaparse.unparse of the same flat rows with nothing escaped.
    const csv = await timeRuns(FAST_RUNS, () => renderPackCsv(model));
    const flatRows = Papa.parse<string[]>(csv.result.slice(1), { skipEmptyLines: true }).data;
    const unparse = await timeRuns(FAST_RUNS, () => Papa.unparse(flatRows, { newline: '\r\n' }));
    const csvMs = median(csv.times);
    const unparseMs = median(unparse.times);
    rows.push(
      {
        benchmark: 'pack-exports', case: `${label}: CSV (${flatRows.length - 1} rows), median of ${FAST_RUNS}`, metric: 'export ms', value: csvMs, unit: 'ms',
        reference: { name: 'papaparse.unparse, no escaping', value: unparseMs }, ratio: csvMs / unparseMs,
      },
      { benchmark: 'pack-exports', case: `${label}: CSV`, metric: 'file size', value: new TextEncoder().encode(csv.result).length / 1e6, unit: 'MB' },
    );

    // REFI-QDA: the project, the zip of the same files alone, and the codebook.
    const qdpx = await timeRuns(FAST_RUNS, () => renderPackQdpx(model));
    const files = unzipSync(qdpx.result);
    const zipOnly = await timeRuns(FAST_RUNS, () => zipSync({ ...files }, { level: 6 }));
    const qdpxMs = median(qdpx.times);
    const zipMs = median(zipOnly.times);
    const qdc = await timeRuns(FAST_RUNS, () => renderPackQdc(model));
    rows.push(
      {
        benchmark: 'pack-exports', case: `${label}: REFI-QDA project (.qdpx), median of ${FAST_RUNS}`, metric: 'export ms', value: qdpxMs, unit: 'ms',
        reference: { name: 'fflate zip of the same files', value: zipMs }, ratio: qdpxMs / zipMs,
      },
      { benchmark: 'pack-exports', case: `${label}: REFI-QDA project (.qdpx)`, metric: 'file size', value: qdpx.result.length / 1e6, unit: 'MB' },
      { benchmark: 'pack-exports', case: `${label}: REFI-QDA project.qde (unzipped)`, metric: 'file size', value: files['project.qde']!.length / 1e6, unit: 'MB' },
      { benchmark: 'pack-exports', case: `${label}: REFI-QDA codebook (.qdc), median of ${FAST_RUNS}`, metric: 'export ms', value: median(qdc.times), unit: 'ms' },
      { benchmark: 'pack-exports', case: `${label}: REFI-QDA codebook (.qdc)`, metric: 'file size', value: strToU8(qdc.result).length / 1e3, unit: 'KB' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows.map((r) => ({ ...r, value: round(r.value, 3), ratio: r.ratio === undefined ? undefined : round(r.ratio, 3) }));
}

/**
 * LibreOffice writing the pack's content as .docx from HTML: the same headings, summary table, quotes
 * and citations, the citations as footnotes in the HTML convention LibreOffice itself writes and reads
 * back as footnotes (sdfootnote anchors). Timed whole, as a user would run it (its start-up included),
 * on its own fresh profile; its start-up alone is measured on a one-paragraph file right after.
 */
async function libreOfficeHtmlToDocx(model: PackModel, dir: string) {
  const html = packHtml(model);
  const htmlPath = join(dir, 'pack.html');
  writeFileSync(htmlPath, html);
  const tiny = join(dir, 'tiny.html');
  writeFileSync(tiny, '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>t</title></head><body><p>x</p></body></html>');
  const profile = pathToFileURL(mkdtempSync(join(dir, 'lo-profile-'))).href;
  const convert = async (file: string) => {
    const start = performance.now();
    await execFileAsync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, file], { timeout: 1_200_000, maxBuffer: 1 << 24 });
    return performance.now() - start;
  };
  await convert(tiny); // first start of a fresh profile writes the profile: not what a user waits for each time
  const convertMs = await convert(htmlPath);
  const startupMs = await convert(tiny);
  const docx = join(dir, 'pack.docx');
  if (!existsSync(docx)) throw new Error(`LibreOffice did not write ${docx}`);
  return { convertMs, startupMs, docxBytes: statSync(docx).size, htmlBytes: Buffer.byteLength(html) };
}

const esc = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function packHtml(model: PackModel): string {
  const clips = new Map(model.clips.map((c) => [c.id, c]));
  const sources = new Map(model.sources.map((s) => [s.id, s]));
  const out: string[] = [`<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(model.title)}</title></head><body>`];
  const notes: string[] = [];
  const cite = (clip: PackClip) => {
    const n = notes.length + 1;
    const s = sources.get(clip.sourceId)!;
    const text = `${s.title}. ${s.council ?? s.publisher ?? ''}. ${s.documentTypeLabel}, ${formatDate(s.documentDate)}. ${clip.paragraph ? `para ${clip.paragraph}` : ''}. `;
    const link = s.url ? `<a href="${esc(s.url)}">${esc(s.url)}</a>. ` : '';
    notes.push(`<div id="sdfootnote${n}"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote${n}sym" href="#sdfootnote${n}anc">${n}</a>${esc(text)}${link}Clipped by ${esc(clip.createdBy)} on ${esc(formatDateTime(clip.createdAt))}.</p></div>`);
    return `<a class="sdfootnoteanc" name="sdfootnote${n}anc" href="#sdfootnote${n}sym"><sup>${n}</sup></a>`;
  };
  const quote = (clip: PackClip, assessment: string | null) =>
    `<blockquote><p>“${esc(clip.quote)}”${cite(clip)}</p></blockquote><p>${assessment ? `Assessment: ${esc(assessment)} · ` : ''}Status: ${esc(clip.status)}${clip.note ? ` · Note: ${esc(clip.note)}` : ''}</p>`;
  out.push(`<h1>${esc(model.title)}</h1><p>Generated on ${esc(formatDateTime(model.generatedAt))}.</p><h1>Summary</h1><table><thead><tr>`);
  for (const h of ['Ref', 'Recommendation / action', 'Lead', 'Due', 'Delivery RAG', 'Impact RAG', 'Status', ...ASSESSMENT_ORDER.map((a) => ASSESSMENT_LABELS[a]), 'Flag']) out.push(`<th>${esc(h)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const r of model.recommendations) {
    out.push(`<tr><td>${esc(r.reference)}</td><td>${esc(r.text)}</td>${'<td></td>'.repeat(5)}${ASSESSMENT_ORDER.map((a) => `<td>${r.counts[a]}</td>`).join('')}<td></td></tr>`);
    for (const a of r.actions) {
      const cells = [a.reference, a.title, a.lead, formatDate(a.dueDate), a.deliveryRag ? RAG_LABELS[a.deliveryRag] : '', a.impactRag ? RAG_LABELS[a.impactRag] : '', ACTION_STATUS_LABELS[a.status] ?? a.status, ...ASSESSMENT_ORDER.map((k) => String(a.counts[k])), a.flag ?? ''];
      out.push(`<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    }
  }
  out.push('</tbody></table>');
  for (const r of model.recommendations) {
    out.push(`<h1>Recommendation ${esc(r.reference)}: ${esc(r.text)}</h1>`);
    for (const a of r.actions) {
      out.push(`<h2>${esc(actionLabel(a))}</h2><p>Lead: ${esc(a.lead)}</p><p>How success is measured: ${esc(a.successMeasures)}</p><p>Progress: ${esc(a.progress)}</p>`);
      for (const link of a.links) out.push(quote(clips.get(link.clipId)!, ASSESSMENT_LABELS[link.assessment ?? 'unassessed']));
    }
  }
  if (model.unlinkedClipIds.length) {
    out.push('<h1>Evidence not linked to the plan</h1>');
    for (const id of model.unlinkedClipIds) out.push(quote(clips.get(id)!, null));
  }
  out.push('<h1>Sources</h1>');
  for (const s of model.sources) out.push(`<h2>${esc(s.title)}</h2><p>SHA-256: ${esc(s.sha256 ?? '')}</p>`);
  out.push(...notes, '</body></html>');
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
