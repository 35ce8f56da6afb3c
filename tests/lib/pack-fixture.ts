import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { sha256Hex } from '../../shared/anchoring/pdf-identity';
import { pageLinesOf } from '../../shared/anchoring/pdf-types';
import { extractPageMetadata } from '../../shared/extract';
import { mainTextOf, pdfSnapshotText } from '../../shared/extract/main-text';
import { extractPdfMetadata } from '../../shared/extract/pdf';
import { readPlanJson } from '../../shared/plan-io';
import type { Assessment } from '../../shared/schema/evidence';
import {
  captureClip,
  createTag,
  importPlanDocument,
  linkEvidence,
  migrateWorkspaceDoc,
  setEvidenceNote,
  setEvidenceStatus,
  tagEvidence,
  type ClipInput,
  type MutationContext,
} from '../../shared/workspace';

/**
 * A workspace built from the real fixture documents, as a team would build it: clips of real passages
 * from council web pages and an Ofsted report PDF (with the snapshots the extension keeps), the St
 * Helens plan imported from its JSON, links with every assessment, tags, notes and statuses. Evidence
 * pack tests and benchmarks render from it.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const FIXTURE_PAGES = [
  { file: 'wsx-cyps-select-2019-05-15-ofsted-inspection.html', url: 'http://westsussex.moderngov.co.uk/documents/s9926/wsx-cyps-select-2019-05-15-ofsted-inspection.html' },
  { file: 'sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan.html', url: 'http://moderngov.sthelens.gov.uk/sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan.html' },
  { file: 'ofsted-ilacs-st-helens-2019-text.html', url: 'http://files.ofsted.gov.uk/v1/file/ofsted-ilacs-st-helens-2019-text.html' },
  { file: 'wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan.html', url: 'http://westsussex.moderngov.co.uk/documents/s10101/wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan.html' },
] as const;
export const FIXTURE_PDF = { file: 'ofsted-ilacs-st-helens-2019.pdf', url: 'http://files.ofsted.gov.uk/v1/file/ofsted-ilacs-st-helens-2019.pdf' } as const;

const ASSESSMENT_CYCLE: Array<Assessment | null> = ['impact', 'delivery', 'concern', 'context', null];

export interface FixtureWorkspace {
  doc: Y.Doc;
  workspaceId: string;
  /** Clip ids in the order they were made. */
  clipIds: string[];
  /** Each clip's quote, by id. */
  quotes: Map<string, string>;
  planId: string;
  actionIds: string[];
  tagIds: string[];
}

/** Sentences of 60–400 characters from a text, spread over it: the passages a reader would clip. */
export function passagesOf(text: string, count: number): Array<{ start: number; end: number }> {
  const sentences: Array<{ start: number; end: number }> = [];
  const pattern = /[A-Z][^.!?\n]{58,398}[.!?]/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) sentences.push({ start: m.index, end: m.index + m[0].length });
  if (sentences.length <= count) return sentences;
  return Array.from({ length: count }, (_, i) => sentences[Math.floor((i * sentences.length) / count)]!);
}

/** A web page's clips as the content script makes them: anchors on the page text, snapshot of its main text. */
export async function webClips(file: string, url: string, count: number): Promise<ClipInput[]> {
  const dom = new JSDOM(readFileSync(`${FIXTURES}${file}`, 'utf8'), { url });
  const doc = dom.window.document;
  const metadata = extractPageMetadata(doc, url);
  const text = mainTextOf(doc);
  const sha256 = await sha256Hex(new TextEncoder().encode(text));
  return passagesOf(text, count).map(({ start, end }) => ({
    source: { kind: 'web', url, canonicalUrl: null, pageTitle: doc.title.slice(0, 1000), metadata },
    evidence: { anchor: { ...describeTextRange(text, start, end), paragraph: null }, contextBefore: text.slice(Math.max(0, start - 120), start), contextAfter: text.slice(end, end + 120) },
    snapshot: { kind: 'web', text, pageStarts: null, sha256 },
  }));
}

/** A PDF's clips as the viewer makes them: page numbers, the file's SHA-256, every page's text as snapshot. */
export async function pdfClips(file: string, url: string, count: number): Promise<ClipInput[]> {
  const bytes = new Uint8Array(readFileSync(`${FIXTURES}${file}`));
  const sha256 = await sha256Hex(bytes);
  const task = pdfjs.getDocument({ data: bytes.slice() });
  const pdf = await task.promise;
  const pages: Array<{ page: number; lines: string }> = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    const content = await (await pdf.getPage(page)).getTextContent();
    const items = content.items.filter((i): i is (typeof content.items)[number] & { str: string } => 'str' in i);
    pages.push({ page, lines: pageLinesOf(items).normalize('NFKC') });
  }
  const pageCount = pdf.numPages;
  await task.destroy();
  const metadata = extractPdfMetadata(pages, url);
  const { text, pageStarts } = pdfSnapshotText(pages);
  const flat = text.replace(/\n/g, ' ');
  return passagesOf(flat, count).map(({ start, end }) => {
    const page = pageStarts.filter((s) => s <= start).length;
    return {
      source: { kind: 'pdf', url, canonicalUrl: null, pageTitle: metadata.title ?? file, metadata, pdf: { sha256, fingerprints: [], pageCount } },
      evidence: { anchor: { ...describeTextRange(flat, start, end), paragraph: null, page }, contextBefore: '', contextAfter: '' },
      snapshot: { kind: 'pdf', text, pageStarts, sha256 },
    };
  });
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The fixture workspace: 4 web pages × `perSource` clips and the Ofsted PDF × `perSource` clips, linked and tagged. */
export async function buildFixtureWorkspace(ctx: MutationContext, options: { perSource?: number; workspaceId?: string } = {}): Promise<FixtureWorkspace> {
  const perSource = options.perSource ?? 4;
  const workspaceId = options.workspaceId ?? 'fixture-pack';
  const doc = new Y.Doc();
  must(migrateWorkspaceDoc(doc, workspaceId), 'migrate');
  const plan = must(readPlanJson(readFileSync(`${FIXTURES}plans/ilacs-action-plan.json`, 'utf8')), 'plan JSON');
  const imported = must(importPlanDocument(doc, ctx, plan), 'plan import');
  const tagIds = ['Care leavers', 'Management oversight', 'Voice of the child'].map((name) => must(createTag(doc, ctx, { name }), `tag ${name}`));
  const clips = [
    ...(await Promise.all(FIXTURE_PAGES.map((p) => webClips(p.file, p.url, perSource)))).flat(),
    ...(await pdfClips(FIXTURE_PDF.file, FIXTURE_PDF.url, perSource)),
  ];
  const clipIds: string[] = [];
  const quotes = new Map<string, string>();
  clips.forEach((clip, i) => {
    const id = must(captureClip(doc, ctx, clip), `clip ${i}`).evidenceId;
    clipIds.push(id);
    quotes.set(id, clip.evidence.anchor.quote.exact);
    // Every third clip is left unlinked; the rest evidence one or two actions.
    if (i % 3 !== 2) must(linkEvidence(doc, ctx, id, imported.actionIds[i % imported.actionIds.length]!, ASSESSMENT_CYCLE[i % 5]!), 'link');
    if (i % 4 === 0) must(linkEvidence(doc, ctx, id, imported.actionIds[(i + 5) % imported.actionIds.length]!, 'impact'), 'second link');
    if (i % 2 === 0) must(tagEvidence(doc, ctx, id, tagIds[i % tagIds.length]!), 'tag');
    if (i % 3 === 0) must(setEvidenceNote(doc, ctx, id, `Board note ${i}: ask the lead officer for the audit behind this.`), 'note');
    if (i % 4 === 1) must(setEvidenceStatus(doc, ctx, id, 'approved'), 'approve');
  });
  return { doc, workspaceId, clipIds, quotes, planId: imported.planId, actionIds: imported.actionIds, tagIds };
}
