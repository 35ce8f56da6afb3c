import type * as Y from 'yjs';
import { ActionRecord, type Action } from '../schema/action';
import { PlanRecord, type Plan } from '../schema/plan';
import { RecommendationRecord, type Recommendation } from '../schema/recommendation';
import { err, ok, type Result } from '../result';
import { actionPhrase, fieldList } from '../activity-text';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { collectionOf, getRecordMap } from './layout';
import { readPlan } from './read';
import { insertRecord, updateRecord } from './write-record';

type Stamped = 'v' | 'id' | 'createdAt' | 'createdBy' | 'archivedAt';
export type RecommendationInput = Omit<Recommendation, Stamped>;
export type ActionInput = Omit<Action, Stamped>;

/** Runs `write` in one transaction and returns its result (Yjs transactions return nothing). */
function inTransaction<T>(doc: Y.Doc, ctx: MutationContext, write: () => Result<T, string>): Result<T, string> {
  let result: Result<T, string> = err('not run');
  doc.transact(() => {
    result = write();
  }, ctx.origin);
  return result;
}

/**
 * A new plan. When it refreshes an older one, that one is marked "replaced": it stays readable, with
 * its recommendations, actions and every clip's links to them.
 */
export function createPlan(
  doc: Y.Doc,
  ctx: MutationContext,
  input: { name: string; replacesPlanId?: string | null },
): Result<string, string> {
  const replaces = input.replacesPlanId ?? null;
  if (replaces && !readPlan(doc, replaces).ok) return err(`plan ${replaces} not found`);
  const record: Plan = {
    v: 1,
    id: ctx.newId('plan'),
    name: input.name.trim(),
    status: 'active',
    replacesPlanId: replaces,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
  };
  return inTransaction(doc, ctx, () => {
    const inserted = insertRecord(doc, 'plans', PlanRecord, record);
    if (!inserted.ok) return inserted;
    if (replaces) getRecordMap(doc, 'plans', replaces)!.set('status', 'replaced');
    appendActivity(doc, ctx, 'plan.created', record.id, `created plan "${shorten(record.name)}"`);
    return ok(record.id);
  });
}

export function updatePlan(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  changes: Partial<Pick<Plan, 'name' | 'status'>>,
): Result<void, string> {
  return updateRecord<Plan>(doc, ctx, 'plans', PlanRecord, id, changes, (changed, current) => ({
    kind: 'plan.updated',
    summary: `changed ${fieldList(changed)} of the plan "${shorten(current.name)}"`,
  }));
}

export function createRecommendation(
  doc: Y.Doc,
  ctx: MutationContext,
  input: RecommendationInput,
): Result<string, string> {
  if (!getRecordMap(doc, 'plans', input.planId)) return err(`plan ${input.planId} not found`);
  const record: Recommendation = { v: 1, id: ctx.newId('rec'), ...input, createdAt: ctx.now(), createdBy: ctx.actor, archivedAt: null };
  return inTransaction(doc, ctx, () => {
    const inserted = insertRecord(doc, 'recommendations', RecommendationRecord, record);
    if (!inserted.ok) return inserted;
    appendActivity(doc, ctx, 'recommendation.created', record.id, `added recommendation ${input.reference} "${shorten(input.text)}"`);
    return ok(record.id);
  });
}

export function createAction(doc: Y.Doc, ctx: MutationContext, input: ActionInput): Result<string, string> {
  const recommendation = getRecordMap(doc, 'recommendations', input.recommendationId);
  if (!recommendation) return err(`recommendation ${input.recommendationId} not found`);
  if (recommendation.get('planId') !== input.planId) return err('an action belongs to its recommendation\'s plan');
  const record: Action = { v: 1, id: ctx.newId('act'), ...input, createdAt: ctx.now(), createdBy: ctx.actor, archivedAt: null };
  return inTransaction(doc, ctx, () => {
    const inserted = insertRecord(doc, 'actions', ActionRecord, record);
    if (!inserted.ok) return inserted;
    appendActivity(doc, ctx, 'action.created', record.id, `added ${actionPhrase(input)}`);
    return ok(record.id);
  });
}

export function updateRecommendation(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  changes: Partial<RecommendationInput & Pick<Recommendation, 'archivedAt'>>,
): Result<void, string> {
  return updateRecord<Recommendation>(doc, ctx, 'recommendations', RecommendationRecord, id, changes, (changed, current) => ({
    kind: changes.archivedAt ? 'recommendation.archived' : 'recommendation.updated',
    summary: changes.archivedAt ? `archived recommendation ${current.reference} "${shorten(current.text)}"` : `changed ${fieldList(changed)} of recommendation ${current.reference} "${shorten(current.text)}"`,
  }));
}

export function updateAction(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  changes: Partial<ActionInput & Pick<Action, 'archivedAt'>>,
): Result<void, string> {
  if (changes.recommendationId && !getRecordMap(doc, 'recommendations', changes.recommendationId)) {
    return err(`recommendation ${changes.recommendationId} not found`);
  }
  return updateRecord<Action>(doc, ctx, 'actions', ActionRecord, id, changes, (changed, current) => ({
    kind: changes.archivedAt ? 'action.archived' : 'action.updated',
    summary: changes.archivedAt ? `archived ${actionPhrase(current)}` : `changed ${fieldList(changed)} of ${actionPhrase(current)}`,
  }));
}

/**
 * Puts records in the given order (their `order` becomes their position). Only orders that change
 * are written, so a concurrent edit to another field of the same record is untouched.
 */
export function reorder(
  doc: Y.Doc,
  ctx: MutationContext,
  collection: 'recommendations' | 'actions',
  orderedIds: string[],
): Result<void, string> {
  const maps = orderedIds.map((id) => getRecordMap(doc, collection, id));
  const missing = orderedIds.find((_, i) => !maps[i]);
  if (missing) return err(`${collection === 'actions' ? 'action' : 'recommendation'} ${missing} not found`);
  return inTransaction(doc, ctx, () => {
    maps.forEach((map, i) => map!.get('order') !== i && map!.set('order', i));
    appendActivity(doc, ctx, collection === 'actions' ? 'action.updated' : 'recommendation.updated', orderedIds[0] ?? '', `reordered ${orderedIds.length} ${collection} of the plan`);
    return ok(undefined);
  });
}

/** The records of a plan, for callers that need its current shape. */
export function planRecordIds(doc: Y.Doc, planId: string): { recommendations: string[]; actions: string[] } {
  const inPlan = (collection: 'recommendations' | 'actions') =>
    [...collectionOf(doc, collection).entries()].filter(([, map]) => map.get('planId') === planId).map(([id]) => id);
  return { recommendations: inPlan('recommendations'), actions: inPlan('actions') };
}
