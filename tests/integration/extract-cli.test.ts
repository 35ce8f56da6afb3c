import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPageMetadata } from '../../shared/extract';
import { extractPdfMetadata } from '../../shared/extract/pdf';
import { emptyPageMetadata, PageMetadata } from '../../shared/schema/page-metadata';
import { readPdfPages } from '../../sync-server/extract/read-pdf';

/**
 * `evident-extract` as its own process, the way an admin runs it: one line of JSON per file in order, the metadata the export carries; a `--url`
 * belongs to the file before it; a file it cannot read is said on stderr, the others still print,
 * and the exit code is not 0.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'sync-server/bin/evident-extract.mjs');
const FIXTURES = join(ROOT, 'tests/fixtures');

const HTML = join(FIXTURES, 'wsx-cyps-select-2019-05-15-ofsted-inspection.html');
const HTML_URL = 'https://democracy.westsussex.gov.uk/documents/s12345/Ofsted-Inspection.html';
const PDF = join(FIXTURES, 'ofsted-ilacs-st-helens-2019.pdf');
const PDF_URL = 'https://files.ofsted.gov.uk/v1/file/50130434';
const COUNCIL_PDF = join(FIXTURES, 'sthelens-cabinet-2020-02-26-report-print.pdf');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function extract(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const jsonLines = (stdout: string) => stdout.trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

/** What the extension reads from the same files: the content script's and the viewer's extraction. */
function htmlMetadata(path: string, url: string): PageMetadata {
  return extractPageMetadata(new JSDOM(readFileSync(path), { url }).window.document, url);
}
async function pdfMetadata(path: string, url: string): Promise<PageMetadata> {
  return extractPdfMetadata(await readPdfPages(readFileSync(path)), url);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-extract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evident-extract', () => {
  it('prints an HTML page’s metadata as one line of JSON, the export’s keys in the export’s order', async () => {
    const { code, stdout, stderr } = await extract([HTML, '--url', HTML_URL]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.endsWith('\n') && stdout.split('\n').length).toBe(2);
    const [metadata] = jsonLines(stdout);
    expect(Object.keys(metadata!)).toEqual(Object.keys(emptyPageMetadata()));
    expect(PageMetadata.parse(metadata)).toEqual(htmlMetadata(HTML, HTML_URL));
    expect(metadata).toMatchObject({ document_type: 'committee_report', committee: "Children and Young People's Services Select Committee", meeting_date: '2019-05-15' });
  });

  it('prints an Ofsted report PDF’s metadata, read as the extension’s viewer reads it', async () => {
    const { code, stdout, stderr } = await extract([PDF, '--url', PDF_URL]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [metadata] = jsonLines(stdout);
    expect(metadata).toEqual(await pdfMetadata(PDF, PDF_URL));
    expect(metadata).toMatchObject({
      document_type: 'ofsted_ilacs_inspection_report',
      platform: 'files.ofsted.gov.uk',
      subject_local_authority: 'St Helens Metropolitan Borough Council',
      publication_date: null,
      ofsted_activity: { start: '2019-09-23', end: '2019-10-04', lead_inspector: 'Lorna Schlechte, Her Majesty’s Inspector' },
    });
  });

  it('prints several files in the order given, each --url applied to the file before it', async () => {
    const { code, stdout, stderr } = await extract([HTML, COUNCIL_PDF, PDF, '--url', PDF_URL, HTML, '--url', HTML_URL]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const fileUrl = (path: string) => pathToFileURL(path).href;
    expect(jsonLines(stdout)).toEqual([
      htmlMetadata(HTML, fileUrl(HTML)),
      await pdfMetadata(COUNCIL_PDF, fileUrl(COUNCIL_PDF)),
      await pdfMetadata(PDF, PDF_URL),
      htmlMetadata(HTML, HTML_URL),
    ]);
    // The Ofsted address went to the report after which it was typed, and only to it.
    expect(jsonLines(stdout).map((m) => m['platform'] === 'files.ofsted.gov.uk')).toEqual([false, false, true, false]);
  });

  it('says which files it cannot read and why, prints the others, and exits 1', async () => {
    const corrupt = join(dir, 'corrupt.pdf');
    writeFileSync(corrupt, '%PDF-1.7\n1 0 obj << /Type /Catalog >>\nnot a pdf at all\n');
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'Ofsted inspection notes, 2019\n');
    const empty = join(dir, 'empty.html');
    writeFileSync(empty, '');
    const folder = join(dir, 'reports.pdf');
    mkdirSync(folder);
    const missing = join(dir, 'missing.pdf');

    const { code, stdout, stderr } = await extract([missing, HTML, '--url', HTML_URL, corrupt, notes, empty, folder, PDF, '--url', PDF_URL]);
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([htmlMetadata(HTML, HTML_URL), await pdfMetadata(PDF, PDF_URL)]);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `evident-extract: ${missing}: no such file`,
      expect.stringMatching(new RegExp(`^evident-extract: ${corrupt}: is not a PDF Evident can read \\(.+\\)$`)),
      `evident-extract: ${notes}: is neither HTML nor PDF`,
      `evident-extract: ${empty}: is empty`,
      `evident-extract: ${folder}: is a directory, not a file`,
    ]);
  });

  it('reads a file by its content, whatever its name says', async () => {
    const pdfNamedHtml = join(dir, 'report.html');
    copyFileSync(PDF, pdfNamedHtml);
    const { code, stdout } = await extract([pdfNamedHtml, '--url', PDF_URL]);
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toEqual([await pdfMetadata(PDF, PDF_URL)]);
  });

  it('with --sources, prints each file’s metadata beside where each field came from', async () => {
    const { code, stdout } = await extract(['--sources', PDF, '--url', PDF_URL]);
    expect(code).toBe(0);
    const [line] = jsonLines(stdout);
    expect(Object.keys(line!)).toEqual(['file', 'metadata', 'sources']);
    expect(line).toMatchObject({
      file: PDF,
      metadata: await pdfMetadata(PDF, PDF_URL),
      sources: {
        subject_local_authority: { from: "the council's name above the title on page 1", confidence: 'high' },
        ofsted_activity: { from: 'the Inspection dates: and Lead inspector: lines on page 1', confidence: 'high' },
        judgement_table: { from: 'the judgement table on page 1', confidence: 'high' },
        platform: { from: "the URL's host", confidence: 'high' },
      },
    });
  });

  it.each([
    ['no file', [], 'no file given'],
    ['a --url before any file', ['--url', PDF_URL, PDF], 'comes before any file'],
    ['two --url for one file', [PDF, '--url', PDF_URL, '--url', HTML_URL], 'has two --url values'],
    ['a --url that is no URL', [PDF, '--url', 'files.ofsted.gov.uk/v1/file/1'], 'is not an absolute URL'],
    ['an unknown option', [PDF, '--pages', '1'], 'unknown option --pages'],
  ])('refuses a wrong command line with exit 2 and the usage: %s', async (_case, args, message) => {
    const { code, stdout, stderr } = await extract(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: evident-extract <file>');
  });
});
