import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { captureWithoutDoc } from '../../extension/background/cold-capture';
import { docDbName } from '../../extension/background/doc-store';
import { PROJECTED_TABLES, ProjectionDb } from '../../extension/db/projection-db';
import { Projector } from '../../extension/db/projector';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import { captureClip, createMutationContext, project, type ClipInput } from '../../shared/workspace';

const actor = { id: 'user_1', name: 'Improvement lead' };

const clip = (exact: string): ClipInput => ({
  source: {
    kind: 'web',
    url: 'http://democracy.westsussex.gov.uk/report.html',
    canonicalUrl: null,
    pageTitle: 'Report',
    metadata: { ...emptyPageMetadata(), document_type: 'committee_report', subject_local_authority: 'West Sussex County Council' },
  },
  evidence: {
    anchor: {
      quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 0, end: exact.length },
      paragraph: '3.2',
    },
    contextBefore: '',
    contextAfter: '',
  },
});

async function loadDoc(workspaceId: string) {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(docDbName(workspaceId), doc);
  await persistence.whenSynced;
  return { doc, persistence };
}

async function contents(db: ProjectionDb) {
  const out: Record<string, unknown[]> = {};
  for (const t of PROJECTED_TABLES) {
    out[t] = ((await db[t].toArray()) as Array<{ id: string; seq?: number }>)
      .map(({ seq: _s, ...row }) => row)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return out;
}

describe('capture without loading the doc (service worker fast path)', () => {
  it('writes an update the doc reads on its next load, and rows equal to the projection of that doc', async () => {
    const workspace = 'cold-1';
    // A workspace that already has this source and a clip.
    const { doc: before, persistence: p1 } = await loadDoc(workspace);
    const db = new ProjectionDb(workspace);
    const projector1 = new Projector(before, db);
    await projector1.attach();
    captureClip(before, createMutationContext(actor), clip('The quality of plans is too inconsistent.'));
    await projector1.saveCheckpoint();
    projector1.detach();
    await p1.destroy();

    const saved = await captureWithoutDoc(workspace, db, clip('Pre-proceedings work is under-developed.'), actor);
    expect(saved.ok && saved.value.sourceSkipped).toBe(true);
    const savedNew = await captureWithoutDoc(workspace, db, { ...clip('A new page.'), source: { ...clip('x').source, url: 'http://democracy.westsussex.gov.uk/other.html' } }, actor);
    expect(savedNew.ok && savedNew.value.sourceSkipped).toBe(false);
    const rowsWritten = await contents(db);

    const { doc, persistence } = await loadDoc(workspace);
    const { problems, ...expected } = project(doc);
    expect(problems).toEqual([]);
    expect(expected.evidence).toHaveLength(3);
    expect(expected.sources).toHaveLength(2);
    // What the fast path wrote is exactly what projecting the merged doc gives.
    expect(rowsWritten).toEqual(expected);
    const projector2 = new Projector(doc, db);
    await projector2.attach();
    expect(await contents(db)).toEqual(expected);
    projector2.detach();
    await persistence.destroy();
    db.close();
  });

  it('merges when the doc was loaded before the update reached the disk', async () => {
    const workspace = 'cold-2';
    const { doc, persistence } = await loadDoc(workspace);
    const db = new ProjectionDb(workspace);
    const saved = await captureWithoutDoc(workspace, db, clip('Children at risk of exploitation are recognised.'), actor);
    if (!saved.ok) throw new Error(saved.error);
    expect(project(doc).evidence).toHaveLength(0);
    Y.applyUpdate(doc, saved.value.update, persistence);
    expect(project(doc).evidence.map((e) => e.id)).toEqual([saved.value.evidenceId]);
    await persistence.destroy();
    db.close();
  });
});
