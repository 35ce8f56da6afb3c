import type * as Y from 'yjs';
import {
  createAction,
  createPlan,
  createRecommendation,
  createTag,
  linkEvidence,
  migrateWorkspaceDoc,
  project,
  setEvidenceNote,
  tagEvidence,
  type MutationContext,
} from '../../../shared/workspace';
import { saveClip } from './clips';
import { sortedJson } from './update-stream';

// The workspace a restore test loses and brings back, and how it compares what users see of it.

/** Everything users see of the evidence: each clip with its quote, note, tags and links, by id. */
export const evidenceOf = (doc: Y.Doc) =>
  sortedJson(
    project(doc)
      .evidence.map((clip) => ({ id: clip.id, quote: clip.quote, note: clip.note, tags: [...clip.tagIds].sort(), links: clip.links, deleted: clip.deletedAt }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  );
export const sameAs = (expected: string) => (doc: Y.Doc) => evidenceOf(doc) === expected;

/** A small workspace: a plan action, two tags, four clips, each noted, tagged and linked. */
export function fillWorkspace(doc: Y.Doc, workspace: string, ctx: MutationContext): void {
  migrateWorkspaceDoc(doc, workspace);
  const plan = createPlan(doc, ctx, { name: 'Improvement plan 2025' });
  if (!plan.ok) throw new Error(plan.error);
  const recommendation = createRecommendation(doc, ctx, { planId: plan.value, reference: '1', text: 'Strengthen management oversight', ofstedParagraph: null, sourceId: null, order: 0 });
  if (!recommendation.ok) throw new Error(recommendation.error);
  const action = createAction(doc, ctx, {
    planId: plan.value, recommendationId: recommendation.value, reference: '1.1', title: 'Monthly case audits', description: '', lead: 'Head of Service',
    dueDate: '2026-03-31', deliveryRag: 'amber', impactRag: null, successMeasures: '', progress: '', extra: {}, status: 'in_progress', order: 0,
  });
  if (!action.ok) throw new Error(action.error);
  const tags = ['caseloads', 'drift'].map((name) => createTag(doc, ctx, { name }));
  const quotes = ['Caseloads remain too high.', 'Management oversight is not consistent.', 'Plans drift without review.', 'Audits are now monthly.'];
  quotes.forEach((quote, i) => {
    const id = saveClip(doc, quote, ctx);
    setEvidenceNote(doc, ctx, id, `Note ${i + 1}: raised at the board.`);
    const tag = tags[i % 2]!;
    if (tag.ok) tagEvidence(doc, ctx, id, tag.value);
    linkEvidence(doc, ctx, id, action.value, i % 2 ? 'impact' : 'delivery');
  });
}

export const activityKinds = (doc: Y.Doc) => project(doc).activity.map((a) => a.kind);

