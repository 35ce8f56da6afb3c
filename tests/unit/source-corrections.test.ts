import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import {
  captureClip,
  correctSourceField,
  exportWorkspace,
  importWorkspaceExport,
  migrateWorkspaceDoc,
  project,
  type ClipInput,
} from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const TEXT = 'The Committee is asked to note the Ofsted inspection outcome and the progress of the improvement plan.';
const URL_ = 'https://democracy.example.gov.uk/documents/s1/report.html';

function clip(exact: string, committee: string | null = null): ClipInput {
  const start = TEXT.indexOf(exact);
  return {
    source: {
      kind: 'web', url: URL_, canonicalUrl: null, pageTitle: 'Report',
      metadata: { ...emptyPageMetadata(), document_type: 'web_page', publisher: 'Example Council', committee },
      // What the generic extractor says of a page it hardly recognises.
      fieldSources: { document_type: { from: 'generic page', confidence: 'low' }, publisher: { from: "the URL's host", confidence: 'medium' } },
    },
    evidence: { anchor: { ...describeTextRange(TEXT, start, start + exact.length), paragraph: null }, contextBefore: '', contextAfter: '' },
  };
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(String(result.error));
  return result.value;
}

const newDoc = () => {
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, 'ws');
  return doc;
};

describe('correcting a source\'s citation once, for the whole team', () => {
  it('shows low-confidence fields as uncertain until someone corrects them, and cites the correction', () => {
    const doc = newDoc();
    const ctx = deterministicContext(createRandom(1), 'alex');
    const { sourceId } = must(captureClip(doc, ctx, clip('asked to note the Ofsted inspection outcome')));
    expect(project(doc).evidence[0]!.uncertainFields).toEqual(['document_type']);
    must(correctSourceField(doc, ctx, sourceId, 'document_type', 'committee_report'));
    must(correctSourceField(doc, ctx, sourceId, 'committee', 'Children and Young People\'s Services Scrutiny Committee'));
    const [source] = project(doc).sources;
    expect(source!.documentType).toBe('committee_report');
    expect(source!.metadata.document_type).toBe('web_page'); // what Evident read stays
    expect(source!.corrections.committee).toMatchObject({ value: 'Children and Young People\'s Services Scrutiny Committee', by: { name: 'User alex' } });
    const [row] = project(doc).evidence;
    expect(row!.uncertainFields).toEqual([]);
    expect(row!.documentType).toBe('committee_report');
    expect(project(doc).activity.map((a) => a.summary)).toContain('corrected the document type of "Report" to "committee_report"');
  });

  it('keeps the correction for the source\'s next clip, even when that clip reads the page again', () => {
    const doc = newDoc();
    const ctx = deterministicContext(createRandom(2), 'alex');
    const { sourceId } = must(captureClip(doc, ctx, clip('asked to note the Ofsted inspection outcome')));
    must(correctSourceField(doc, ctx, sourceId, 'committee', 'Cabinet'));
    must(captureClip(doc, ctx, clip('the progress of the improvement plan', 'Some other heading')));
    const rows = project(doc).evidence;
    expect(rows).toHaveLength(2);
    expect(project(doc).sources[0]!.metadata.committee).toBe('Some other heading');
    expect(project(doc).sources[0]!.corrections.committee?.value).toBe('Cabinet');
  });

  it('merges two teammates correcting two fields at once, and goes back to Evident\'s reading on request', () => {
    const a = newDoc();
    const ctx = deterministicContext(createRandom(3), 'alex');
    const { sourceId } = must(captureClip(a, ctx, clip('asked to note the Ofsted inspection outcome')));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    must(correctSourceField(a, ctx, sourceId, 'committee', 'Cabinet'));
    must(correctSourceField(b, deterministicContext(createRandom(4), 'sam'), sourceId, 'meeting_date', '2020-02-26'));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) {
      const [source] = project(doc).sources;
      expect(source!.corrections.committee?.value).toBe('Cabinet');
      expect(source!.corrections.meeting_date?.value).toBe('2020-02-26');
      expect(source!.documentDate).toBe('2020-02-26');
    }
    must(correctSourceField(a, ctx, sourceId, 'committee', undefined));
    expect(project(a).sources[0]!.corrections.committee).toBeUndefined();
    expect(project(a).sources[0]!.metadata.committee).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['meeting_date', 'June 2020', /not a valid meeting date/],
    ['document_type', 'letter', /not a valid document type/],
    ['ofsted_activity', null, /not a field that can be corrected/],
  ])('refuses %s = %j, saying why, and changes nothing', (field, value, message) => {
    const doc = newDoc();
    const ctx = deterministicContext(createRandom(5), 'alex');
    const { sourceId } = must(captureClip(doc, ctx, clip('asked to note the Ofsted inspection outcome')));
    const before = Y.encodeStateVector(doc);
    const result = correctSourceField(doc, ctx, sourceId, field, value);
    expect(!result.ok && result.error).toMatch(message);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('exports corrections with their source and imports them back', () => {
    const doc = newDoc();
    const ctx = deterministicContext(createRandom(6), 'alex');
    const { sourceId } = must(captureClip(doc, ctx, clip('asked to note the Ofsted inspection outcome')));
    must(correctSourceField(doc, ctx, sourceId, 'subject_local_authority', 'St Helens'));
    const exported = JSON.parse(JSON.stringify(exportWorkspace(doc, 'ws', '2026-12-03T10:00:00.000Z')));
    expect(exported.sources[0].corrections.subject_local_authority.value).toBe('St Helens');
    const copy = new Y.Doc();
    must(importWorkspaceExport(copy, exported));
    expect(project(copy).sources[0]!.council).toBe('St Helens');
    must(correctSourceField(copy, ctx, sourceId, 'committee', 'Cabinet')); // still a live, mergeable key
    expect(project(copy).sources[0]!.corrections.subject_local_authority?.value).toBe('St Helens');
  });
});
