import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROJECTED_TABLES, ProjectionDb } from '../../extension/db/projection-db';
import { Projector } from '../../extension/db/projector';
import {
  captureClip,
  createAction,
  createPlan,
  createRecommendation,
  createTag,
  getRecordMap,
  linkEvidence,
  project,
  setEvidenceNote,
  tagEvidence,
} from '../../shared/workspace';
import { createRandom, seedsFor } from '../lib/random';
import { applyRandomMutation, deterministicContext, randomSourceInput } from '../lib/workspace-ops';

/** What Dexie holds, without the `seq` bookkeeping, in the shape of `project(doc)`. */
async function dexieContents(db: ProjectionDb) {
  const out: Record<string, unknown[]> = {};
  for (const table of PROJECTED_TABLES) {
    const rows = (await db[table].toArray()) as Array<{ id: string; seq?: number }>;
    out[table] = rows.map(({ seq: _seq, ...row }) => row).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out;
}

function expectedContents(doc: Y.Doc) {
  const { problems, ...tables } = project(doc);
  expect(problems).toEqual([]);
  return tables;
}

let dbCounter = 0;
const freshDb = () => new ProjectionDb(`test-${dbCounter++}`);

describe('Dexie projection', () => {
  it.each(seedsFor(6))('equals project(doc) after random local and remote mutations (seed %i)', async (seed) => {
    const random = createRandom(seed);
    const doc = new Y.Doc();
    const remote = new Y.Doc();
    remote.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'remote'));
    const db = freshDb();
    const projector = new Projector(doc, db);
    await projector.attach();
    const local = deterministicContext(random, 'u1');
    const other = deterministicContext(random, 'u2');
    const trail: string[] = [];
    try {
      for (let step = 0; step < 150; step++) {
        // Remote edits start from what the remote replica has seen, as over a network.
        if (random.chance(0.3)) {
          Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
          trail.push(`remote ${applyRandomMutation(remote, other, random)}`);
        } else {
          trail.push(applyRandomMutation(doc, local, random));
        }
        if (random.chance(0.2)) await projector.whenIdle();
      }
      await projector.whenIdle();
      expect(await dexieContents(db)).toEqual(expectedContents(doc));
      expect(projector.problems).toEqual([]);
    } catch (error) {
      console.error(`projection mismatch: replay with EVIDENT_SEED=${seed}; last steps: ${trail.slice(-10).join(', ')}`);
      throw error;
    } finally {
      projector.detach();
      db.close();
    }
  });

  it.each(seedsFor(4))('catches up from its checkpoint after changes made while detached (seed %i)', async (seed) => {
    const random = createRandom(seed);
    const ctx = deterministicContext(random);
    const doc = new Y.Doc();
    const db = freshDb();
    try {
      const first = new Projector(doc, db);
      await first.attach();
      for (let i = 0; i < 60; i++) applyRandomMutation(doc, ctx, random);
      await first.saveCheckpoint();
      first.detach();
      // The service worker stopped: these changes reached the doc (e.g. from sync) but not Dexie,
      // including deletions (untag, note edits, unlink) that only a delete set records.
      for (let i = 0; i < 60; i++) applyRandomMutation(doc, ctx, random);
      const second = new Projector(doc, db);
      await second.attach();
      second.detach();
      expect(await dexieContents(db)).toEqual(expectedContents(doc));
    } catch (error) {
      console.error(`checkpoint catch-up mismatch: replay with EVIDENT_SEED=${seed}`);
      throw error;
    } finally {
      db.close();
    }
  });

  it('catches up on deletions alone (untag, unlink, shortened note) made while detached', async () => {
    const random = createRandom(11);
    const ctx = deterministicContext(random);
    const doc = new Y.Doc();
    const db = freshDb();
    const clip = captureClip(doc, ctx, {
      source: randomSourceInput(random),
      evidence: {
        anchor: {
          quote: { type: 'TextQuoteSelector', exact: 'drift and delay', prefix: '', suffix: '' },
          position: { type: 'TextPositionSelector', start: 0, end: 15 },
          paragraph: '8',
        },
        contextBefore: '',
        contextAfter: '',
      },
    });
    if (!clip.ok) throw new Error(clip.error);
    const id = clip.value.evidenceId;
    const tag = createTag(doc, ctx, { name: 'Permanence' });
    const plan = createPlan(doc, ctx, { name: 'ILACS Action Plan' });
    if (!plan.ok) throw new Error(plan.error);
    const rec = createRecommendation(doc, ctx, { planId: plan.value, reference: '1', text: 'Permanence planning', ofstedParagraph: null, sourceId: null, order: 0 });
    if (!tag.ok || !rec.ok) throw new Error('setup failed');
    const action = createAction(doc, ctx, {
      planId: plan.value, recommendationId: rec.value, reference: '1.1', title: 'Tracker', description: '', lead: '',
      dueDate: null, deliveryRag: null, impactRag: null, successMeasures: '', progress: '', extra: {}, status: 'not_started', order: 0,
    });
    if (!action.ok) throw new Error(action.error);
    tagEvidence(doc, ctx, id, tag.value);
    linkEvidence(doc, ctx, id, action.value, 'impact');
    setEvidenceNote(doc, ctx, id, 'weekly tracking meeting');
    const first = new Projector(doc, db);
    await first.attach();
    await first.saveCheckpoint();
    first.detach();
    // Deletions only, without activity lines, as a peer's raw update could carry them.
    const map = getRecordMap(doc, 'evidence', id)!;
    doc.transact(() => {
      map.delete(`tag:${tag.value}`);
      map.delete(`link:${action.value}`);
      (map.get('note') as Y.Text).delete(6, 17);
    });
    const second = new Projector(doc, db);
    await second.attach();
    second.detach();
    const row = await db.evidence.get(id);
    expect(row?.tagIds).toEqual([]);
    expect(row?.actionIds).toEqual([]);
    expect(row?.note).toBe('weekly');
    expect(await dexieContents(db)).toEqual(expectedContents(doc));
    db.close();
  });

  it('rebuilds from the doc when it has no checkpoint', async () => {
    const random = createRandom(7);
    const ctx = deterministicContext(random);
    const doc = new Y.Doc();
    for (let i = 0; i < 80; i++) applyRandomMutation(doc, ctx, random);
    const db = freshDb();
    const projector = new Projector(doc, db);
    await projector.attach();
    projector.detach();
    expect(await dexieContents(db)).toEqual(expectedContents(doc));
    expect((await db.meta.get('checkpoint'))?.value).toBeInstanceOf(Uint8Array);
    db.close();
  });

  it('leaves out a record a peer wrote badly and reports it', async () => {
    const doc = new Y.Doc();
    const db = freshDb();
    const projector = new Projector(doc, db);
    await projector.attach();
    const bad = new Y.Map<unknown>();
    doc.transact(() => {
      doc.getMap('tags').set('tag_bad', bad);
      bad.set('v', 1);
      bad.set('name', '');
      bad.set('colour', 'javascript:alert(1)');
    });
    await projector.whenIdle();
    expect(await db.tags.count()).toBe(0);
    expect(projector.problems.join('\n')).toMatch(/Tag tag_bad/);
    projector.detach();
    db.close();
  });
});
