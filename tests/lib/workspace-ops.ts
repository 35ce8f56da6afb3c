import * as Y from 'yjs';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import type { MutationContext } from '../../shared/workspace/context';
import {
  captureClip,
  collectionOf,
  createAction,
  createPlan,
  getRecordMap,
  linkEvidenceMany,
  mergeTag,
  reorder,
  LINK_KEY_PREFIX,
  TAG_KEY_PREFIX,
  createRecommendation,
  createTag,
  deleteEvidence,
  deleteTag,
  linkEvidence,
  renameTag,
  restoreEvidence,
  setEvidenceNote,
  setEvidenceStatus,
  tagEvidence,
  unlinkEvidence,
  untagEvidence,
  updateAction,
  upsertSource,
  correctSourceField,
} from '../../shared/workspace';
import type { Random } from './random';

const WORDS = 'permanence planning care leavers management oversight drift delay social workers caseloads pathway plans quality edge of care'.split(' ');

export function deterministicContext(random: Random, actorId = 'u1'): MutationContext {
  let clock = Date.UTC(2026, 0, 1);
  let counter = 0;
  return {
    actor: { id: actorId, name: `User ${actorId}` },
    now: () => new Date((clock += 1000)).toISOString(),
    newId: (prefix) => `${prefix}_${actorId}${(counter++).toString(36)}${random.int(0, 1e6).toString(36)}`,
  };
}

/** [evidenceId, key] pairs of clips' `tag:`/`link:` keys. */
function withKeys(doc: Y.Doc, evidence: string[], prefix: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const id of evidence) {
    for (const key of getRecordMap(doc, 'evidence', id)?.keys() ?? []) if (key.startsWith(prefix)) out.push([id, key]);
  }
  return out;
}

const sentence = (random: Random, n: number) => Array.from({ length: n }, () => random.pick(WORDS)).join(' ');
const idsOf = (doc: Y.Doc, name: Parameters<typeof collectionOf>[1]) => [...collectionOf(doc, name).keys()];

export function randomSourceInput(random: Random) {
  const n = random.int(1, 4);
  const metadata = {
    ...emptyPageMetadata(),
    document_type: random.pick(['committee_report', 'minutes', 'ofsted_ilacs_inspection_report'] as const),
    title: `Report ${n}`,
    subject_local_authority: random.pick(['West Sussex County Council', 'St Helens Council']),
    meeting_date: random.chance(0.5) ? `2019-0${n}-1${n}` : null,
  };
  const fieldSources = { committee: { from: 'the front sheet', confidence: random.pick(['high', 'low'] as const) } };
  return { kind: 'web' as const, url: `https://democracy.example.gov.uk/doc${n}`, canonicalUrl: null, pageTitle: `Page ${n}`, metadata, fieldSources };
}

/** Applies one random domain mutation; returns its name (for failure messages). */
export function applyRandomMutation(doc: Y.Doc, ctx: MutationContext, random: Random): string {
  const evidence = idsOf(doc, 'evidence');
  const tags = idsOf(doc, 'tags');
  const actions = idsOf(doc, 'actions');
  const recs = idsOf(doc, 'recommendations');
  const op = random.int(0, 17);
  switch (op) {
    case 0:
    case 1: {
      const exact = sentence(random, random.int(3, 12));
      captureClip(doc, ctx, {
        source: randomSourceInput(random),
        evidence: {
          anchor: {
            quote: { type: 'TextQuoteSelector', exact, prefix: 'before ', suffix: ' after' },
            position: { type: 'TextPositionSelector', start: 10, end: 10 + exact.length },
            paragraph: random.chance(0.5) ? `${random.int(1, 9)}.${random.int(1, 20)}` : null,
          },
          contextBefore: 'before',
          contextAfter: 'after',
        },
      });
      return 'captureClip';
    }
    case 2:
      upsertSource(doc, ctx, randomSourceInput(random));
      return 'upsertSource';
    case 3:
      createTag(doc, ctx, { name: `${random.pick(WORDS)} ${random.int(1, 99)}` });
      return 'createTag';
    case 4:
      if (tags.length) renameTag(doc, ctx, random.pick(tags), `${random.pick(WORDS)} ${random.int(100, 999)}`);
      return 'renameTag';
    case 5:
      if (tags.length && random.chance(0.3)) deleteTag(doc, ctx, random.pick(tags));
      return 'deleteTag';
    case 6:
      if (evidence.length && tags.length) tagEvidence(doc, ctx, random.pick(evidence), random.pick(tags));
      return 'tagEvidence';
    case 7: {
      // Remove a tag the clip has: a pure deletion, which only the delete set records.
      const tagged = withKeys(doc, evidence, TAG_KEY_PREFIX);
      if (tagged.length) {
        const [id, key] = random.pick(tagged);
        untagEvidence(doc, ctx, id, key.slice(TAG_KEY_PREFIX.length));
      }
      return 'untagEvidence';
    }
    case 8:
      if (evidence.length) {
        const id = random.pick(evidence);
        const note = String(getRecordMap(doc, 'evidence', id)?.get('note') ?? '');
        // Sometimes shorten the note (deletion only), sometimes rewrite it.
        const next = note && random.chance(0.4) ? note.slice(0, random.int(0, note.length - 1)) : sentence(random, random.int(0, 8));
        setEvidenceNote(doc, ctx, id, next);
      }
      return 'setEvidenceNote';
    case 9:
      if (evidence.length) {
        const id = random.pick(evidence);
        if (random.chance(0.5)) deleteEvidence(doc, ctx, id);
        else restoreEvidence(doc, ctx, id);
      }
      return 'delete/restoreEvidence';
    case 10:
      if (evidence.length) setEvidenceStatus(doc, ctx, random.pick(evidence), random.pick(['draft', 'verified', 'approved'] as const));
      return 'setEvidenceStatus';
    case 11: {
      const plans = idsOf(doc, 'plans');
      const planId = plans.length && random.chance(0.8) ? random.pick(plans) : createPlan(doc, ctx, { name: `Plan ${plans.length + 1}` });
      if (typeof planId !== 'string' && !planId.ok) return 'createPlan failed';
      const plan = typeof planId === 'string' ? planId : planId.value;
      const rec = createRecommendation(doc, ctx, {
        planId: plan, reference: String(recs.length + 1), text: sentence(random, 8),
        ofstedParagraph: null, sourceId: null, order: recs.length,
      });
      if (rec.ok) {
        createAction(doc, ctx, {
          planId: plan, recommendationId: rec.value, reference: `${recs.length + 1}.1`, title: sentence(random, 5),
          description: '', lead: 'Head of Service', dueDate: '2026-03-31', deliveryRag: 'amber', impactRag: null,
          successMeasures: '', progress: '', extra: {}, status: 'in_progress', order: 0,
        });
      }
      return 'createPlan/Recommendation+Action';
    }
    case 12:
      if (actions.length) updateAction(doc, ctx, random.pick(actions), { deliveryRag: random.pick(['red', 'amber', 'green'] as const) });
      return 'updateAction';
    case 13:
      if (evidence.length && actions.length) {
        const assessment = random.pick(['delivery', 'impact', 'concern', 'context', null] as const);
        if (random.chance(0.3)) linkEvidenceMany(doc, ctx, evidence.slice(0, random.int(1, 3)), random.pick(actions), assessment);
        else linkEvidence(doc, ctx, random.pick(evidence), random.pick(actions), assessment);
      }
      return 'linkEvidence';
    case 15:
      if (tags.length >= 2) mergeTag(doc, ctx, random.pick(tags), random.pick(tags));
      return 'mergeTag';
    case 16:
      if (actions.length > 1) reorder(doc, ctx, 'actions', [...actions].reverse());
      return 'reorder';
    case 17: {
      // A teammate corrects a source's citation (or goes back to what Evident read).
      const sources = idsOf(doc, 'sources');
      if (sources.length) {
        const value = random.chance(0.3) ? undefined : random.pick(['Cabinet', 'Children\'s Scrutiny Committee', null]);
        correctSourceField(doc, ctx, random.pick(sources), random.pick(['committee', 'subject_local_authority'] as const), value);
      }
      return 'correctSourceField';
    }
    case 14: {
      const linked = withKeys(doc, evidence, LINK_KEY_PREFIX);
      if (linked.length) {
        const [id, key] = random.pick(linked);
        unlinkEvidence(doc, ctx, id, key.slice(LINK_KEY_PREFIX.length));
      }
      return 'unlinkEvidence';
    }
    default:
      return 'none';
  }
}
