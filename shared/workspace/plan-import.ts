import type * as Y from 'yjs';
import type { PlanDocument } from '../plan-io/types';
import { ActionRecord, type Action } from '../schema/action';
import { PlanRecord, type Plan } from '../schema/plan';
import { RecommendationRecord, type Recommendation } from '../schema/recommendation';
import { err, ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap } from './layout';
import { readPlan, readSource } from './read';
import { insertRecord } from './write-record';

export interface ImportedPlan {
  planId: string;
  recommendationIds: string[];
  actionIds: string[];
}

/**
 * A whole plan from a file, as one change: every record is built and validated first, then written in
 * a single transaction, so a teammate never sees half a plan and a bad file leaves nothing behind.
 * With `replacesPlanId` the new plan is a refresh: the old one is marked replaced and stays readable.
 */
export function importPlanDocument(
  doc: Y.Doc,
  ctx: MutationContext,
  document: PlanDocument,
  options: { replacesPlanId?: string | null } = {},
): Result<ImportedPlan, string> {
  const replaces = options.replacesPlanId ?? null;
  if (replaces && !readPlan(doc, replaces).ok) return err(`plan ${replaces} not found`);
  const stamp = { createdAt: ctx.now(), createdBy: ctx.actor };
  const plan: Plan = { v: 1, id: ctx.newId('plan'), name: document.name.trim() || 'Improvement plan', status: 'active', replacesPlanId: replaces, ...stamp };
  const recommendations: Recommendation[] = [];
  const actions: Action[] = [];
  document.recommendations.forEach((rec, r) => {
    const recommendation: Recommendation = {
      v: 1, id: ctx.newId('rec'), planId: plan.id, reference: rec.reference || String(r + 1), text: rec.text,
      ofstedParagraph: rec.ofstedParagraph, sourceId: null, order: r, ...stamp, archivedAt: null,
    };
    recommendations.push(recommendation);
    rec.actions.forEach((action, a) => {
      actions.push({ v: 1, id: ctx.newId('act'), planId: plan.id, recommendationId: recommendation.id, ...action, order: a, ...stamp, archivedAt: null });
    });
  });
  const checks = [PlanRecord.parse(plan), ...recommendations.map((r) => RecommendationRecord.parse(r)), ...actions.map((a) => ActionRecord.parse(a))];
  const failed = checks.find((c) => !c.ok);
  if (failed && !failed.ok) return err(failed.error);

  doc.transact(() => {
    insertRecord(doc, 'plans', PlanRecord, plan);
    for (const r of recommendations) insertRecord(doc, 'recommendations', RecommendationRecord, r);
    for (const a of actions) insertRecord(doc, 'actions', ActionRecord, a);
    if (replaces) getRecordMap(doc, 'plans', replaces)!.set('status', 'replaced');
    appendActivity(doc, ctx, 'plan.imported', plan.id,
      `imported plan "${shorten(plan.name)}": ${recommendations.length} recommendations, ${actions.length} actions`);
  }, ctx.origin);
  return ok({ planId: plan.id, recommendationIds: recommendations.map((r) => r.id), actionIds: actions.map((a) => a.id) });
}

/**
 * "Create recommendations from this report": the report's "What needs to improve" items become the
 * plan's recommendations, verbatim and linked to the report. Items the plan already has (same words)
 * are not added twice. With no plan given, a new one is made, named after the report.
 */
export function createRecommendationsFromSource(
  doc: Y.Doc,
  ctx: MutationContext,
  sourceId: string,
  planId: string | null,
): Result<{ planId: string; created: string[] }, string> {
  const source = readSource(doc, sourceId);
  if (!source.ok) return err(`source ${sourceId} not found`);
  const areas = source.value.metadata.areas_for_improvement;
  if (!areas.length) return err('this document lists no areas for improvement');
  const existingPlan = planId ? readPlan(doc, planId) : null;
  if (existingPlan && !existingPlan.ok) return err(`plan ${planId} not found`);
  const stamp = { createdAt: ctx.now(), createdBy: ctx.actor };
  const plan: Plan | null = existingPlan?.ok
    ? null
    : { v: 1, id: ctx.newId('plan'), name: `Improvement plan: ${source.value.metadata.title ?? source.value.pageTitle}`.slice(0, 200), status: 'active', replacesPlanId: null, ...stamp };
  const targetPlanId = plan?.id ?? planId!;
  const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const existing = [...doc.getMap<Y.Map<unknown>>('recommendations').values()].filter((m) => m.get('planId') === targetPlanId);
  const have = new Set(existing.map((m) => normal(String(m.get('text')))));
  const fresh = areas.filter((text) => !have.has(normal(text)));
  const recommendations: Recommendation[] = fresh.map((text, i) => ({
    v: 1, id: ctx.newId('rec'), planId: targetPlanId, reference: String(existing.length + i + 1), text,
    ofstedParagraph: null, sourceId, order: existing.length + i, ...stamp, archivedAt: null,
  }));
  const invalid = [...(plan ? [PlanRecord.parse(plan)] : []), ...recommendations.map((r) => RecommendationRecord.parse(r))].find((c) => !c.ok);
  if (invalid && !invalid.ok) return err(invalid.error);
  doc.transact(() => {
    if (plan) {
      insertRecord(doc, 'plans', PlanRecord, plan);
      appendActivity(doc, ctx, 'plan.created', plan.id, `created plan "${shorten(plan.name)}"`);
    }
    for (const r of recommendations) {
      insertRecord(doc, 'recommendations', RecommendationRecord, r);
      appendActivity(doc, ctx, 'recommendation.created', r.id, `added "${shorten(r.text)}" from the report`);
    }
  }, ctx.origin);
  return ok({ planId: targetPlanId, created: recommendations.map((r) => r.id) });
}
