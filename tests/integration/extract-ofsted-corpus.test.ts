import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Extraction } from '../../shared/extract';
import { extractPdfMetadata } from '../../shared/extract/pdf';
import { PageMetadata } from '../../shared/schema/page-metadata';
import { extractFile } from '../../sync-server/extract/read-document';
import { type Comparison, compareWithCorpus, loadCorpus, scoreTable } from '../lib/ofsted-corpus';

/**
 * Ofsted report extraction over 55 real ILACS reports of 39 councils (2018–2024), scored against
 * the facts of their first pages, checked against each PDF's own text. A held-out set of other
 * councils' reports is scored on the same fields by people outside the project, so the rules come
 * from what Ofsted prints, never from these documents one by one: the score here is a check, not a
 * target. The reports are read through the command's own functions, then once through the command
 * as its own process.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'sync-server/bin/evident-extract.mjs');
/** Share of all compared fields that must be right. */
const MIN_OVERALL = 0.98;

const CORPUS = loadCorpus();

const extractions: Extraction[] = await Promise.all(
  CORPUS.map(async (doc) => {
    const result = await extractFile({ path: doc.path, url: doc.url });
    if (!result.ok) throw new Error(`${doc.file}: ${result.error}`);
    return result.value;
  }),
);
const comparisons: Comparison[] = CORPUS.flatMap((doc, i) => compareWithCorpus(doc, extractions[i]!.metadata));

describe('Ofsted ILACS report PDFs from councils across England (development corpus)', () => {
  it(`reads ${CORPUS.length} reports, each into metadata the PageMetadata schema accepts`, () => {
    expect(CORPUS.length).toBe(55);
    for (const [i, { metadata }] of extractions.entries()) {
      expect(PageMetadata.safeParse(metadata).error, CORPUS[i]!.file).toBeUndefined();
    }
  });

  it(`gets at least ${MIN_OVERALL * 100} % of the compared fields right (per-field table printed)`, () => {
    const { table, right, total } = scoreTable(comparisons);
    console.log(`Ofsted ILACS corpus: fields read right, per field (${CORPUS.length} reports; misses listed)\n${table}`);
    expect(right / total).toBeGreaterThanOrEqual(MIN_OVERALL);
  });

  it('leaves the publication date empty on every report: the PDF does not print it', () => {
    expect(extractions.filter((e) => e.metadata.publication_date !== null || e.metadata.ofsted_activity?.report_published)).toEqual([]);
  });

  it('says where each scored field came from, and how sure it is', () => {
    for (const [i, { fields }] of extractions.entries()) {
      const file = CORPUS[i]!.file;
      expect(fields.ofsted_activity, file).toEqual({ from: 'the Inspection dates: and Lead inspector: lines on page 1', confidence: 'high' });
      expect(fields.judgement_table, file).toEqual({ from: 'the judgement table on page 1', confidence: 'high' });
      expect(fields.document_type, file).toEqual({ from: "the report's title", confidence: 'high' });
      expect(fields.subject_local_authority?.confidence, file).toBe('high');
      expect(['the report\'s title', "the council's name above the title on page 1"], file).toContain(fields.subject_local_authority?.from);
    }
  });
});

describe('the same reports as another program lines their text', () => {
  // pdf.js's lines are one reading of a page; a report whose table or title pdf.js happened to line
  // differently must still read right. Poppler's `pdftotext -layout` (Debian's poppler-utils) puts
  // cells side by side in columns and a grade between its area's two lines: a different shape of
  // the same page, so rules fitted to pdf.js's lines of these 55 files would show here.
  const PDFTOTEXT = '/usr/bin/pdftotext';

  it(`reads at least ${MIN_OVERALL * 100} % of the fields right from pdftotext -layout's text too (table printed)`, () => {
    if (!existsSync(PDFTOTEXT)) throw new Error(`${PDFTOTEXT} is missing: apt-get install poppler-utils (scripts/provision.sh does)`);
    const fromPoppler = CORPUS.flatMap((doc) => {
      const text = execFileSync(PDFTOTEXT, ['-layout', doc.path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const pages = text.split('\f').map((lines, i) => ({ page: i + 1, lines }));
      return compareWithCorpus(doc, extractPdfMetadata(pages, doc.url));
    });
    const { table, right, total } = scoreTable(fromPoppler);
    console.log(`Ofsted ILACS corpus from pdftotext -layout's text, per field\n${table}`);
    expect(right / total).toBeGreaterThanOrEqual(MIN_OVERALL);
  }, 120_000);
});

describe('evident-extract over the whole corpus, as its own process', () => {
  it('prints one line per report, in order, each the metadata read in process', async () => {
    const args = CORPUS.flatMap((doc) => [doc.path, '--url', doc.url]);
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as PageMetadata);
    expect(lines).toEqual(extractions.map((e) => e.metadata));
  }, 120_000);
});
