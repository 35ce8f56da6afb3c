import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defineRecordType } from '../../shared/schema/versioned';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import { z } from 'zod';
import {
  captureClip,
  collectionOf,
  createTag,
  exportWorkspace,
  migrateWorkspaceDoc,
  metaOf,
  project,
  readEvidence,
  renameTag,
  setEvidenceNote,
  tagEvidence,
  WORKSPACE_SCHEMA_VERSION,
  type ClipInput,
} from '../../shared/workspace';
import { WorkspaceExport } from '../../shared/schema/workspace-export';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const clipInput = (exact = 'There is drift and delay in progressing plans'): ClipInput => ({
  source: {
    kind: 'web',
    url: 'https://democracy.westsussex.gov.uk/doc#frag',
    canonicalUrl: null,
    pageTitle: 'Report',
    metadata: { ...emptyPageMetadata(), document_type: 'committee_report', subject_local_authority: 'West Sussex County Council', meeting_date: '2019-05-15' },
  },
  evidence: {
    anchor: {
      quote: { type: 'TextQuoteSelector', exact, prefix: 'However, ', suffix: ' within the' },
      position: { type: 'TextPositionSelector', start: 100, end: 100 + exact.length },
      paragraph: '3.18',
    },
    contextBefore: 'However, ',
    contextAfter: ' within the duty teams',
  },
});

/** Two replicas that exchange every update, as through a sync server. */
function connectedPair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, u, 'peer'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, u, 'peer'));
  return { a, b };
}

describe('record schemas', () => {
  const Thing = defineRecordType({
    name: 'Thing',
    version: 2,
    schema: z.object({ v: z.literal(2), id: z.string(), title: z.string() }),
    migrations: [{ to: 2, up: (r) => ({ ...r, title: String(r.name ?? '') }) }],
  });

  it('migrates an old record step by step to the current version', () => {
    expect(Thing.parse({ v: 1, id: 't1', name: 'Old' })).toEqual({ ok: true, value: { v: 2, id: 't1', title: 'Old' } });
  });

  it('refuses a record from a newer version, naming the version', () => {
    const result = Thing.parse({ v: 3, id: 't1', title: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/stored version 3 is newer than .* \(2\)/);
  });

  it('names the field that failed validation', () => {
    const result = Thing.parse({ v: 2, id: 't1', title: 42 });
    expect(!result.ok && result.error).toMatch(/Thing t1: field "title"/);
  });

  it('insists on one migration per version step', () => {
    expect(() => defineRecordType({ name: 'Bad', version: 3, schema: z.object({ v: z.literal(3) }), migrations: [] })).toThrow(/needs 2 migrations/);
  });
});

describe('workspace doc', () => {
  it('stamps a new doc with the layout version and refuses a newer one', () => {
    const doc = new Y.Doc();
    expect(migrateWorkspaceDoc(doc, 'ws1')).toEqual({ ok: true, value: WORKSPACE_SCHEMA_VERSION });
    expect(metaOf(doc).get('schemaVersion')).toBe(WORKSPACE_SCHEMA_VERSION);
    metaOf(doc).set('schemaVersion', WORKSPACE_SCHEMA_VERSION + 1);
    const result = migrateWorkspaceDoc(doc, 'ws1');
    expect(!result.ok && result.error).toMatch(new RegExp(`layout version ${WORKSPACE_SCHEMA_VERSION + 1}, newer`));
  });

  it('saves a clip with its source, and an activity line for each', () => {
    const doc = new Y.Doc();
    const ctx = deterministicContext(createRandom(1));
    const result = captureClip(doc, ctx, clipInput());
    expect(result.ok).toBe(true);
    const p = project(doc);
    expect(p.sources).toHaveLength(1);
    expect(p.sources[0]!.url).toBe('https://democracy.westsussex.gov.uk/doc#frag');
    expect(p.evidence[0]).toMatchObject({ paragraph: '3.18', council: 'West Sussex County Council', documentDate: '2019-05-15', documentType: 'committee_report' });
    expect(p.activity.map((a) => a.kind).sort()).toEqual(['evidence.created', 'source.captured']);
  });

  it('writes nothing when part of a clip is invalid (all or nothing)', () => {
    const doc = new Y.Doc();
    const ctx = deterministicContext(createRandom(1));
    const result = captureClip(doc, ctx, clipInput(''));
    expect(result.ok).toBe(false);
    expect(collectionOf(doc, 'sources').size).toBe(0);
    expect(collectionOf(doc, 'evidence').size).toBe(0);
  });

  it('gives the same page the same source id on every replica, whatever the fragment', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ra = captureClip(a, deterministicContext(createRandom(1), 'u1'), clipInput());
    const inputB = clipInput('another passage of the report');
    inputB.source.url = 'https://DEMOCRACY.westsussex.gov.uk/doc?utm_source=mail';
    const rb = captureClip(b, deterministicContext(createRandom(2), 'u2'), inputB);
    if (!ra.ok || !rb.ok) throw new Error('clips failed');
    expect(ra.value.sourceId).toBe(rb.value.sourceId);
  });

  it('merges two people tagging the same clip at once: both tags survive', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ctxA = deterministicContext(createRandom(1), 'u1');
    const ctxB = deterministicContext(createRandom(2), 'u2');
    const clip = captureClip(a, ctxA, clipInput());
    const t1 = createTag(a, ctxA, { name: 'Permanence' });
    const t2 = createTag(a, ctxA, { name: 'Care leavers' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    if (!clip.ok || !t1.ok || !t2.ok) throw new Error('setup');
    // Offline, each tags the clip differently and edits the note in different places.
    tagEvidence(a, ctxA, clip.value.evidenceId, t1.value);
    tagEvidence(b, ctxB, clip.value.evidenceId, t2.value);
    setEvidenceNote(a, ctxA, clip.value.evidenceId, 'Seen at visit.');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    setEvidenceNote(b, ctxB, clip.value.evidenceId, 'Seen at visit. Confirmed by audit.');
    setEvidenceNote(a, ctxA, clip.value.evidenceId, 'Key: Seen at visit.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    const ea = readEvidence(a, clip.value.evidenceId);
    const eb = readEvidence(b, clip.value.evidenceId);
    expect(ea.ok && ea.value.tagIds).toEqual([t1.value, t2.value].sort());
    expect(ea.ok && ea.value.note).toBe('Key: Seen at visit. Confirmed by audit.');
    expect(eb).toEqual(ea);
  });

  it('refuses a second tag of the same name, whatever the case', () => {
    const doc = new Y.Doc();
    const ctx = deterministicContext(createRandom(1));
    createTag(doc, ctx, { name: 'Permanence' });
    const again = createTag(doc, ctx, { name: ' permanence ' });
    expect(!again.ok && again.error).toMatch(/already exists/);
    const other = createTag(doc, ctx, { name: 'Drift' });
    const rename = other.ok ? renameTag(doc, ctx, other.value, 'PERMANENCE') : null;
    expect(rename && !rename.ok && rename.error).toMatch(/already exists/);
  });

  it('exports the workspace in the documented schema, metadata under `metadata`', () => {
    const { a } = connectedPair();
    const ctx = deterministicContext(createRandom(1));
    migrateWorkspaceDoc(a, 'ws1');
    captureClip(a, ctx, clipInput());
    const exported = exportWorkspace(a, 'ws1', '2026-11-22T00:00:00.000Z');
    expect(WorkspaceExport.safeParse(exported).success).toBe(true);
    expect(exported.sources[0]!.metadata.subject_local_authority).toBe('West Sussex County Council');
    expect(exported.evidence[0]!.anchor.paragraph).toBe('3.18');
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(['schemaVersion', 'sources', 'evidence', 'recommendations', 'actions', 'tags', 'activity']));
  });
});

describe('workspace export and import', () => {
  it('restores an exported workspace record for record', async () => {
    const { applyRandomMutation } = await import('../lib/workspace-ops');
    const { importWorkspaceExport } = await import('../../shared/workspace/import');
    const random = createRandom(99);
    const ctx = deterministicContext(random);
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, 'wsx-ilacs');
    for (let i = 0; i < 120; i++) applyRandomMutation(doc, ctx, random);
    const exported = JSON.parse(JSON.stringify(exportWorkspace(doc, 'wsx-ilacs', '2026-11-22T00:00:00.000Z')));
    const restored = new Y.Doc();
    const result = importWorkspaceExport(restored, exported);
    expect(result.ok).toBe(true);
    const again = exportWorkspace(restored, 'wsx-ilacs', '2026-11-22T00:00:00.000Z');
    expect(again).toEqual(exported);
    expect(importWorkspaceExport(restored, exported)).toEqual({ ok: false, error: expect.stringMatching(/already has records/) });
    expect(importWorkspaceExport(new Y.Doc(), { ...exported, evidence: [{ id: 'x' }] })).toEqual({ ok: false, error: expect.stringMatching(/^not a workspace export: evidence\.0/) });
  });
});
