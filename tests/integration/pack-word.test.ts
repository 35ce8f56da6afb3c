import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { JSDOM } from 'jsdom';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackModel } from '../../shared/pack';
import { renderPackCsv } from '../../shared/pack/csv';
import { renderPackDocx } from '../../shared/pack/docx';
import { fixturePack, hostilePack, HOSTILE_TEXTS, zipTexts } from '../lib/pack-exports';

/**
 * The Word export where councils meet it: opened by a real word processor. LibreOffice (Debian's
 * libreoffice-writer-nogui) converts the .docx to PDF headless, and poppler's pdftotext reads the PDF
 * back, so a file Word-compatible software cannot lay out, or text that turned into markup, fails here.
 */
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const PDFTOTEXT = process.env.PDFTOTEXT_PATH ?? '/usr/bin/pdftotext';
const run = promisify(execFile);

let workDir: string;
beforeAll(() => {
  for (const [name, path, pkg] of [['LibreOffice', SOFFICE, 'libreoffice-writer-nogui'], ['pdftotext', PDFTOTEXT, 'poppler-utils']]) {
    if (!existsSync(path!)) throw new Error(`${name} is missing at ${path}: install Debian's ${pkg} (scripts/provision.sh does)`);
  }
  workDir = mkdtempSync(join(tmpdir(), 'evident-pack-word-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Converts a .docx to PDF with LibreOffice on its own profile (runs never share one), and returns pdftotext's text. */
async function wordToPdfText(name: string, bytes: Uint8Array): Promise<string> {
  const docx = join(workDir, `${name}.docx`);
  writeFileSync(docx, bytes);
  const profile = pathToFileURL(mkdtempSync(join(workDir, 'lo-profile-'))).href;
  const { stdout, stderr } = await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, docx], { timeout: 150_000 });
  const pdf = join(workDir, `${name}.pdf`);
  if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${docx}:\n${stdout}\n${stderr}`);
  // -raw keeps the content stream's order (a table cell's text stays together) and keeps hyphens at line ends.
  await run(PDFTOTEXT, ['-raw', '-enc', 'UTF-8', pdf, join(workDir, `${name}.txt`)]);
  return readFileSync(join(workDir, `${name}.txt`), 'utf8');
}

/**
 * Text compared as a reader sees it: line breaks fall anywhere in a PDF (inside long tokens, after
 * hyphens), so whitespace is dropped; ligatures are unfolded; bidi controls are invisible, and a
 * right-to-left override shows its text reversed, which is how a PDF stores it.
 */
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const asRead = (text: string) =>
  text
    .replace(/\u202E([^\u202C]*)\u202C/g, (_, inner: string) => [...inner].reverse().join(''))
    .replace(BIDI_CONTROLS, '')
    .normalize('NFKC')
    .replace(/\s+/g, '');

describe('Word export in LibreOffice', () => {
  it('converts the fixture pack to PDF, with every quote in its text', async () => {
    const { model } = await fixturePack();
    const text = asRead(await wordToPdfText('fixture', await renderPackDocx(model)));
    for (const clip of model.clips) expect(text).toContain(asRead(clip.quote));
    for (const source of model.sources) if (source.sha256) expect(text).toContain(source.sha256);
    // The extension's words, as a word processor lays them out: "By when" as the plan wrote it (a
    // word, a month left a month), RAG words with their key, the date the UK way.
    for (const words of ['By when: Ongoing', 'By when: June 2020', 'By when: 30 April 2020', 'RAG key: Red off track', 'Blue complete', 'Generated on 3 December 2026']) {
      expect(text).toContain(asRead(words));
    }
    expect(text).not.toContain(asRead('By when: 30 June 2020'));
  }, 180_000);

  describe('a workspace whose every text is hostile', () => {
    let model: PackModel;
    let files: Record<string, string>;
    let bytes: Uint8Array;
    beforeAll(async () => {
      model = await hostilePack();
      bytes = await renderPackDocx(model);
      files = zipTexts(bytes);
    });

    it('holds the strings as escaped text: no element, field or link comes from them', () => {
      const parts = ['word/document.xml', 'word/footnotes.xml'];
      for (const part of parts) {
        const xml = new (new JSDOM('').window.DOMParser)().parseFromString(files[part]!, 'application/xml');
        expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
        const names = new Set([...xml.getElementsByTagName('*')].map((e) => e.tagName));
        // Only WordprocessingML elements; none of the markup the strings carry (script, img, svg, iframe…).
        for (const name of names) expect(name).toMatch(/^(w|r|mc|w14|w15|wp|wp14|a|pic|v|o|w10|m|wps|wpg|wpc|wpi|wne|cx\d?|aink|am3d|w16\w*):/);
        // No fields: docx makes a page-number field from the child string "CURRENT", never from text.
        for (const field of ['w:fldChar', 'w:instrText', 'w:fldSimple']) expect(names.has(field)).toBe(false);
        // Every hyperlink is to an http(s) address (the model's sources were given script URLs directly).
        const rels = files[part.replace('word/', 'word/_rels/') + '.rels'] ?? '';
        for (const link of xml.getElementsByTagName('w:hyperlink')) {
          const id = link.getAttribute('r:id')!;
          const target = new RegExp(`Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)?.[1];
          expect(target).toMatch(/^https?:\/\//);
        }
      }
      const rels = `${files['word/_rels/document.xml.rels']}${files['word/_rels/footnotes.xml.rels'] ?? ''}`;
      expect(rels).not.toMatch(/Target="\s*(javascript|data|vbscript):/i);
      // The strings are there, as text: every w:t of the body and footnotes, read back, holds each one.
      const texts = parts.map((part) => [...files[part]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1]!)).join('\n')).join('\n');
      for (const hostile of HOSTILE_TEXTS) {
        for (const line of hostile.split(/[\u2028\u2029]/).filter(Boolean)) expect(texts).toContain(line);
      }
    });

    it('converts in LibreOffice, and the PDF shows every string as literal text', async () => {
      const text = asRead(await wordToPdfText('hostile', bytes));
      for (const hostile of HOSTILE_TEXTS) expect(text).toContain(asRead(hostile));
    }, 180_000);

    it('escapes every CSV cell that a spreadsheet would read as a formula', () => {
      const csv = renderPackCsv(model);
      const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      const cells = parsed.data.flat();
      expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
      for (const hostile of HOSTILE_TEXTS.filter((s) => /^[=+\-@]/.test(s))) expect(cells).toContain(`'${hostile}`);
    });
  });
});

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[entity]) return named[entity]!;
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}
