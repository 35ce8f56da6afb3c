import type * as Y from 'yjs';
import { ActionRecord, type Action } from '../schema/action';
import { RecommendationRecord, type Recommendation } from '../schema/recommendation';
import { err, ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap } from './layout';
import { insertRecord, updateRecord } from './write-record';

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
  return updateRecord<Recommendation>(doc, ctx, 'recommendations', RecommendationRecord, id, changes, (changed) => ({
    kind: changes.archivedAt ? 'recommendation.archived' : 'recommendation.updated',
    summary: `changed ${changed.join(', ')}`,
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
    summary: `changed ${changed.join(', ')} of ${current.reference}`,
  }));
}
