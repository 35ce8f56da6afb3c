import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PlanDocument } from '../../shared/plan-io/types';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import {
  captureClip,
  collectionOf,
  createRecommendationsFromSource,
  createTag,
  importPlanDocument,
  linkEvidence,
  mergeTag,
  project,
  readEvidence,
  readPlan,
  reorder,
  tagEvidence,
} from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const action = (reference: string, title: string) => ({
  reference, title, description: '', lead: 'Head of Service', dueDate: '2020-06-30', deliveryRag: 'amber' as const,
  impactRag: null, successMeasures: '', progress: '', extra: { 'Evidence references': 'QA audit' }, status: 'in_progress' as const,
});

const planDocument: PlanDocument = {
  name: 'ILACS Action Plan',
  recommendations: [
    { reference: '1', text: 'The quality of social work assessments and plans.', ofstedParagraph: '5', actions: [action('1.1', 'Assessment training'), action('1.2', 'Plan audits')] },
    { reference: '2', text: 'Management oversight and monitoring of services.', ofstedParagraph: null, actions: [action('2.1', 'Supervision policy')] },
  ],
};

const ctxFor = (seed = 1, user = 'u1') => deterministicContext(createRandom(seed), user);

describe('improvement plans in the workspace', () => {
  it('imports a plan whole: recommendations in order, actions under them, references as written', () => {
    const doc = new Y.Doc();
    const result = importPlanDocument(doc, ctxFor(), planDocument);
    if (!result.ok) throw new Error(result.error);
    const p = project(doc);
    expect(p.plans.map((x) => x.name)).toEqual(['ILACS Action Plan']);
    expect(p.recommendations.sort((a, b) => a.order - b.order).map((r) => r.reference)).toEqual(['1', '2']);
    expect(p.actions.map((a) => a.reference).sort()).toEqual(['1.1', '1.2', '2.1']);
    expect(p.actions.find((a) => a.reference === '1.2')!.extra).toEqual({ 'Evidence references': 'QA audit' });
    expect(p.activity.filter((a) => a.kind === 'plan.imported')).toHaveLength(1);
  });

  it('writes nothing when one action is invalid (all or nothing)', () => {
    const doc = new Y.Doc();
    const bad: PlanDocument = { ...planDocument, recommendations: [{ ...planDocument.recommendations[0]!, actions: [{ ...action('1.1', ''), title: '' }] }] };
    const result = importPlanDocument(doc, ctxFor(), bad);
    expect(result.ok).toBe(false);
    for (const name of ['plans', 'recommendations', 'actions'] as const) expect(collectionOf(doc, name).size).toBe(0);
  });

  it('marks the plan a refresh replaces, and keeps the old plan and its links readable', () => {
    const doc = new Y.Doc();
    const ctx = ctxFor();
    const first = importPlanDocument(doc, ctx, planDocument);
    if (!first.ok) throw new Error(first.error);
    const clip = captureClip(doc, ctx, {
      source: { kind: 'web', url: 'https://x.gov.uk/a', canonicalUrl: null, pageTitle: 'A', metadata: emptyPageMetadata() },
      evidence: { anchor: { quote: { type: 'TextQuoteSelector', exact: 'supervision is now regular', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 26 }, paragraph: null }, contextBefore: '', contextAfter: '' },
    });
    if (!clip.ok) throw new Error(clip.error);
    linkEvidence(doc, ctx, clip.value.evidenceId, first.value.actionIds[2]!, 'delivery');
    const refreshed = importPlanDocument(doc, ctx, { ...planDocument, name: 'Refreshed plan' }, { replacesPlanId: first.value.planId });
    if (!refreshed.ok) throw new Error(refreshed.error);
    const old = readPlan(doc, first.value.planId);
    expect(old.ok && old.value.status).toBe('replaced');
    const evidence = readEvidence(doc, clip.value.evidenceId);
    expect(evidence.ok && evidence.value.links.map((l) => l.actionId)).toEqual([first.value.actionIds[2]]);
  });

  it('turns a report\'s areas for improvement into recommendations, once', () => {
    const doc = new Y.Doc();
    const ctx = ctxFor();
    const metadata = { ...emptyPageMetadata(), document_type: 'ofsted_ilacs_inspection_report' as const, title: 'Inspection of children’s social care services', areas_for_improvement: ['Permanence planning.', 'Pathway plans.'] };
    const clip = captureClip(doc, ctx, {
      source: { kind: 'web', url: 'https://files.ofsted.gov.uk/v1/file/1', canonicalUrl: null, pageTitle: 'Report', metadata },
      evidence: { anchor: { quote: { type: 'TextQuoteSelector', exact: 'drift and delay', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 15 }, paragraph: '8' }, contextBefore: '', contextAfter: '' },
    });
    if (!clip.ok) throw new Error(clip.error);
    const made = createRecommendationsFromSource(doc, ctx, clip.value.sourceId, null);
    if (!made.ok) throw new Error(made.error);
    expect(made.value.created).toHaveLength(2);
    const again = createRecommendationsFromSource(doc, ctx, clip.value.sourceId, made.value.planId);
    expect(again.ok && again.value.created).toEqual([]);
    expect(project(doc).recommendations.map((r) => [r.reference, r.text, r.sourceId])).toEqual(
      expect.arrayContaining([['1', 'Permanence planning.', clip.value.sourceId], ['2', 'Pathway plans.', clip.value.sourceId]]),
    );
  });

  it('keeps both when two people link the same clip to different actions at once', () => {
    const a = new Y.Doc();
    const ctxA = ctxFor(1, 'u1');
    const imported = importPlanDocument(a, ctxA, planDocument);
    const clip = captureClip(a, ctxA, {
      source: { kind: 'web', url: 'https://x.gov.uk/a', canonicalUrl: null, pageTitle: 'A', metadata: emptyPageMetadata() },
      evidence: { anchor: { quote: { type: 'TextQuoteSelector', exact: 'assessments have improved', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 25 }, paragraph: null }, contextBefore: '', contextAfter: '' },
    });
    if (!imported.ok || !clip.ok) throw new Error('setup');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    linkEvidence(a, ctxA, clip.value.evidenceId, imported.value.actionIds[0]!, 'impact');
    linkEvidence(b, ctxFor(2, 'u2'), clip.value.evidenceId, imported.value.actionIds[2]!, 'concern');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const e = readEvidence(b, clip.value.evidenceId);
    expect(e.ok && e.value.links.map((l) => [l.actionId, l.assessment]).sort()).toEqual(
      [[imported.value.actionIds[0], 'impact'], [imported.value.actionIds[2], 'concern']].sort(),
    );
  });

  it('merges a tag into another: clips move over, the old tag is retired', () => {
    const doc = new Y.Doc();
    const ctx = ctxFor();
    const source = { kind: 'web' as const, url: 'https://x.gov.uk/a', canonicalUrl: null, pageTitle: 'A', metadata: emptyPageMetadata() };
    const clip = (exact: string) => captureClip(doc, ctx, { source, evidence: { anchor: { quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: exact.length }, paragraph: null }, contextBefore: '', contextAfter: '' } });
    const c1 = clip('first passage');
    const c2 = clip('second passage');
    const perm = createTag(doc, ctx, { name: 'Permanence' });
    const perm2 = createTag(doc, ctx, { name: 'Permanency' });
    if (!c1.ok || !c2.ok || !perm.ok || !perm2.ok) throw new Error('setup');
    tagEvidence(doc, ctx, c1.value.evidenceId, perm2.value);
    tagEvidence(doc, ctx, c2.value.evidenceId, perm.value);
    tagEvidence(doc, ctx, c2.value.evidenceId, perm2.value);
    expect(mergeTag(doc, ctx, perm2.value, perm.value)).toEqual({ ok: true, value: 2 });
    const p = project(doc);
    expect(p.evidence.map((e) => e.tagIds)).toEqual([[perm.value], [perm.value]]);
    expect(p.tags.find((t) => t.id === perm2.value)).toMatchObject({ deleted: 1, mergedIntoId: perm.value });
  });

  it('reorders actions by writing their positions', () => {
    const doc = new Y.Doc();
    const imported = importPlanDocument(doc, ctxFor(), planDocument);
    if (!imported.ok) throw new Error(imported.error);
    const [a1, a2] = imported.value.actionIds;
    reorder(doc, ctxFor(), 'actions', [a2!, a1!]);
    const orders = Object.fromEntries(project(doc).actions.map((a) => [a.reference, a.order]));
    expect(orders['1.2']).toBe(0);
    expect(orders['1.1']).toBe(1);
  });
});
