import type * as Y from 'yjs';
import { ActionRecord, type Action } from '../schema/action';
import { RecommendationRecord, type Recommendation } from '../schema/recommendation';
import { err, ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap } from './layout';
import { readAction, readRecommendation } from './read';
import { insertRecord, updateRecordFields } from './write-record';

type Stamped = 'v' | 'id' | 'createdAt' | 'createdBy' | 'archivedAt';
export type RecommendationInput = Omit<Recommendation, Stamped>;
export type ActionInput = Omit<Action, Stamped>;

export function createRecommendation(
  doc: Y.Doc,
  ctx: MutationContext,
  input: RecommendationInput,
): Result<string, string> {
  const record: Recommendation = {
    v: 1,
    id: ctx.newId('rec'),
    ...input,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    archivedAt: null,
  };
  let result: Result<string, string> = ok(record.id);
  doc.transact(() => {
    const inserted = insertRecord(doc, 'recommendations', RecommendationRecord, record);
    if (!inserted.ok) result = inserted;
    else appendActivity(doc, ctx, 'recommendation.created', record.id, `added "${shorten(input.text)}"`);
  }, ctx.origin);
  return result;
}

export function createAction(doc: Y.Doc, ctx: MutationContext, input: ActionInput): Result<string, string> {
  if (!getRecordMap(doc, 'recommendations', input.recommendationId)) {
    return err(`recommendation ${input.recommendationId} not found`);
  }
  const record: Action = {
    v: 1,
    id: ctx.newId('act'),
    ...input,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    archivedAt: null,
  };
  let result: Result<string, string> = ok(record.id);
  doc.transact(() => {
    const inserted = insertRecord(doc, 'actions', ActionRecord, record);
    if (!inserted.ok) result = inserted;
    else appendActivity(doc, ctx, 'action.created', record.id, `added action ${input.reference} "${shorten(input.title)}"`);
  }, ctx.origin);
  return result;
}

export function updateRecommendation(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  changes: Partial<RecommendationInput & Pick<Recommendation, 'archivedAt'>>,
): Result<void, string> {
  const map = getRecordMap(doc, 'recommendations', id);
  const current = readRecommendation(doc, id);
  if (!map || !current.ok) return err(`recommendation ${id} not found`);
  let result: Result<void, string> = ok(undefined);
  doc.transact(() => {
    const changed = updateRecordFields<Recommendation>(map, RecommendationRecord, current.value, changes);
    if (!changed.ok) result = changed;
    else if (changed.value.length) {
      const kind = changes.archivedAt ? 'recommendation.archived' : 'recommendation.updated';
      appendActivity(doc, ctx, kind, id, `changed ${changed.value.join(', ')}`);
    }
  }, ctx.origin);
  return result;
}

export function updateAction(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  changes: Partial<ActionInput & Pick<Action, 'archivedAt'>>,
): Result<void, string> {
  const map = getRecordMap(doc, 'actions', id);
  const current = readAction(doc, id);
  if (!map || !current.ok) return err(`action ${id} not found`);
  if (changes.recommendationId && !getRecordMap(doc, 'recommendations', changes.recommendationId)) {
    return err(`recommendation ${changes.recommendationId} not found`);
  }
  let result: Result<void, string> = ok(undefined);
  doc.transact(() => {
    const changed = updateRecordFields<Action>(map, ActionRecord, current.value, changes);
    if (!changed.ok) result = changed;
    else if (changed.value.length) {
      const kind = changes.archivedAt ? 'action.archived' : 'action.updated';
      appendActivity(doc, ctx, kind, id, `changed ${changed.value.join(', ')} of ${current.value.reference}`);
    }
  }, ctx.origin);
  return result;
}
