import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { withProvenance } from '../../extension/background/provenance';
import { sha256Hex } from '../../shared/anchoring/pdf-identity';
import { describeTextRange } from '../../shared/anchoring/describe';
import { mainTextOf, pdfSnapshotText } from '../../shared/extract/main-text';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import { WorkspaceExport } from '../../shared/schema/workspace-export';
import {
  captureClip,
  exportWorkspace,
  importWorkspaceExport,
  locateInSnapshot,
  metaOf,
  migrateWorkspaceDoc,
  project,
  readSnapshot,
  resolveSnapshotSpan,
  snapshotsOf,
  WORKSPACE_SCHEMA_VERSION,
  type ClipInput,
} from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const ctx = () => deterministicContext(createRandom(7), 'u1');
const utf8 = new TextEncoder();

const PAGE_TEXT = [
  'Ofsted inspection of children’s services',
  '3.17 Management oversight is visible on most case files.',
  '3.18 However, there is drift and delay in progressing plans within the duty teams, and some children wait too long.',
  '3.19 Leaders know their services well.',
].join('\n\n');

async function webClip(text: string, exact: string, url = 'https://democracy.westsussex.gov.uk/report'): Promise<ClipInput> {
  const start = text.indexOf(exact);
  return {
    source: { kind: 'web', url, canonicalUrl: null, pageTitle: 'Report', metadata: { ...emptyPageMetadata(), document_type: 'committee_report' } },
    evidence: { anchor: { ...describeTextRange(text, start, start + exact.length), paragraph: '3.18' }, contextBefore: '', contextAfter: '' },
    snapshot: { kind: 'web', text, pageStarts: null, sha256: await sha256Hex(utf8.encode(text)) },
  };
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(String(result.error));
  return result.value;
}

describe('provenance: the source as it was when first clipped', () => {
  it('keeps a web page\'s text snapshot and SHA-256 with the first clip, and the clip\'s place in it', async () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'ws');
    const quote = 'there is drift and delay in progressing plans';
    const saved = must(captureClip(doc, ctx(), await webClip(PAGE_TEXT, quote)));
    const snapshot = must(readSnapshot(doc, saved.sourceId)!);
    expect(snapshot.text).toBe(PAGE_TEXT);
    expect(snapshot.sha256).toBe(await sha256Hex(utf8.encode(PAGE_TEXT)));
    const [source] = project(doc).sources;
    expect(source).toMatchObject({ v: 3, sha256: snapshot.sha256, snapshotAt: snapshot.takenAt });
    const [clip] = project(doc).evidence;
    expect(clip!.v).toBe(2);
    expect(PAGE_TEXT.slice(clip!.snapshotSpan!.start, clip!.snapshotSpan!.end)).toBe(quote);
  });

  it('keeps one snapshot per source: a later clip of a changed page neither replaces it nor loses its place', async () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'ws');
    const first = must(captureClip(doc, ctx(), await webClip(PAGE_TEXT, 'Leaders know their services well.')));
    const changed = `A new banner.\n\n${PAGE_TEXT}`;
    must(captureClip(doc, ctx(), await webClip(changed, 'Management oversight is visible on most case files.')));
    expect(snapshotsOf(doc).size).toBe(1);
    expect(must(readSnapshot(doc, first.sourceId)!).text).toBe(PAGE_TEXT);
    const second = project(doc).evidence.find((e) => e.quote.startsWith('Management'))!;
    // Located in the snapshot that was kept, not in the changed page the clip saw.
    expect(PAGE_TEXT.slice(second.snapshotSpan!.start, second.snapshotSpan!.end)).toBe(second.quote);
  });

  it('gives a source clipped before snapshots its snapshot at the next clip', async () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'ws');
    const old = await webClip(PAGE_TEXT, 'Leaders know their services well.');
    const saved = must(captureClip(doc, ctx(), { source: old.source, evidence: old.evidence }));
    expect(readSnapshot(doc, saved.sourceId)).toBeNull();
    expect(project(doc).evidence[0]!.snapshotSpan).toBeNull();
    must(captureClip(doc, ctx(), await webClip(PAGE_TEXT, 'Management oversight is visible on most case files.')));
    expect(readSnapshot(doc, saved.sourceId)?.ok).toBe(true);
    expect(project(doc).sources[0]!.sha256).toBe(await sha256Hex(utf8.encode(PAGE_TEXT)));
  });

  it('refuses a snapshot whose hash is not a SHA-256, and saves nothing of that clip', async () => {
    const doc = new Y.Doc();
    const clip = await webClip(PAGE_TEXT, 'Leaders know their services well.');
    const result = captureClip(doc, ctx(), { ...clip, snapshot: { ...clip.snapshot!, sha256: 'not-a-hash' } });
    expect(!result.ok && result.error).toMatch(/SourceSnapshot .*sha256/);
    expect(project(doc).evidence).toHaveLength(0);
    expect(project(doc).sources).toHaveLength(0);
  });

  it('finds a PDF quote in text read with ligatures turned into letters, and re-finds a stale span', () => {
    const text = 'Page one text.\n\nThe ﬁndings show that pathway plans are not sufficiently detailed.';
    const snapshot = pdfSnapshotText([{ page: 1, lines: 'Page one text.\n' }, { page: 2, lines: text.split('\n\n')[1]!.normalize('NFKC') }]);
    expect(snapshot.pageStarts).toEqual([0, 16]);
    const anchor = { ...describeTextRange(text, 16, text.length), paragraph: null, page: 2 };
    const span = locateInSnapshot(snapshot.text, anchor)!;
    expect(snapshot.text.slice(span.start, span.end)).toBe('The findings show that pathway plans are not sufficiently detailed.');
    expect(resolveSnapshotSpan(snapshot, anchor, { start: 0, end: 5 })).toEqual(span);
    expect(resolveSnapshotSpan(snapshot, anchor, span)).toBe(span);
  });

  it('hashes a web page\'s snapshot in the background and drops a snapshot of the wrong kind', async () => {
    const clip = await webClip(PAGE_TEXT, 'Leaders know their services well.');
    const { sha256: _claimed, ...sent } = clip.snapshot!;
    const hashed = await withProvenance({ ...clip, snapshot: sent });
    expect(hashed.snapshot?.sha256).toBe(await sha256Hex(utf8.encode(PAGE_TEXT)));
    const wrongKind = await withProvenance({ ...clip, snapshot: { ...sent, kind: 'pdf' } });
    expect(wrongKind.snapshot).toBeUndefined();
  });
});

describe('layout version 2: a workspace saved by the previous version still loads', () => {
  const v1 = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, readFileSync(new URL('../fixtures/workspaces/workspace-v1.yjs', import.meta.url)));
    return doc;
  };

  it('migrates the layout and reads every record at its new version, saying older clips have no snapshot', () => {
    const doc = v1();
    expect(metaOf(doc).get('schemaVersion')).toBe(1);
    expect(migrateWorkspaceDoc(doc, 'v1-fixture')).toEqual({ ok: true, value: WORKSPACE_SCHEMA_VERSION });
    expect(metaOf(doc).get('schemaVersion')).toBe(2);
    const p = project(doc);
    expect(p.problems).toEqual([]);
    expect(p.evidence).toHaveLength(2);
    expect(p.evidence.every((e) => e.v === 2 && e.snapshotSpan === null)).toBe(true);
    const web = p.sources.find((s) => s.kind === 'web')!;
    const pdf = p.sources.find((s) => s.kind === 'pdf')!;
    expect(web).toMatchObject({ v: 3, sha256: null, snapshotAt: null, fieldSources: {}, corrections: {} });
    // A PDF was always named by its bytes' SHA-256: the migration carries it over.
    expect(pdf).toMatchObject({ v: 3, sha256: 'ab'.repeat(32), snapshotAt: null });
    expect(snapshotsOf(doc).size).toBe(0);
    expect(p.evidence.find((e) => e.note === 'Board asked about this')).toBeDefined();
  });

  it('exports and imports the migrated workspace without loss, and imports an export of layout 1', () => {
    const doc = v1();
    migrateWorkspaceDoc(doc, 'v1-fixture');
    const exported = exportWorkspace(doc, 'v1-fixture', '2026-12-03T10:00:00.000Z');
    expect(WorkspaceExport.safeParse(JSON.parse(JSON.stringify(exported))).success).toBe(true);
    const copy = new Y.Doc();
    must(importWorkspaceExport(copy, JSON.parse(JSON.stringify(exported))));
    const { activity: _a, ...before } = project(doc);
    const { activity: _b, ...after } = project(copy);
    expect(after).toEqual(before);

    // The file the previous version exported of this same workspace: layout 1, v1 records, no snapshots.
    const old = JSON.parse(readFileSync(new URL('../fixtures/workspaces/export-v1.json', import.meta.url), 'utf8'));
    expect(old.schemaVersion).toBe(1);
    const fromOld = new Y.Doc();
    must(importWorkspaceExport(fromOld, old));
    expect(project(fromOld).sources.find((s) => s.kind === 'pdf')!.sha256).toBe('ab'.repeat(32));
    const { activity: _c, ...imported } = project(fromOld);
    expect(imported).toEqual(before);
  });

  it('puts the snapshots and each source\'s SHA-256 in the JSON export', async () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'ws');
    must(captureClip(doc, ctx(), await webClip(PAGE_TEXT, 'Leaders know their services well.')));
    const exported = exportWorkspace(doc, 'ws', '2026-12-03T10:00:00.000Z');
    expect(exported.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.snapshots).toHaveLength(1);
    expect(exported.snapshots[0]!.text).toBe(PAGE_TEXT);
  });
});

describe('a page\'s main text, as the snapshot keeps it', () => {
  it('reads the document region with one block per line and leaves scripts, styles and Evident\'s own UI out', () => {
    const dom = new JSDOM(`<body><nav>Skip to content · Home</nav><main>
      <h1>Ofsted inspection</h1><p>3.18   However, there is
        drift and delay.</p><script>var secret = 1;</script><style>p{}</style>
      <table><tr><th>Judgement</th><td>Grade</td></tr></table>
      <div data-evident-ui>Clip</div>
      <p>${'Leaders know their services well. '.repeat(8)}</p></main></body>`);
    const text = mainTextOf(dom.window.document);
    expect(text).toMatch(/^Ofsted inspection\n\n3\.18 However, there is drift and delay\.\n\nJudgement\tGrade/);
    expect(text).not.toMatch(/secret|Skip to content|Clip|p\{\}/);
  });

  it('falls back to the body when the page marks up no main region', () => {
    const dom = new JSDOM('<body><div id="content"><p>Report of the Director of Children’s Services.</p></div></body>');
    expect(mainTextOf(dom.window.document)).toBe('Report of the Director of Children’s Services.');
  });
});
