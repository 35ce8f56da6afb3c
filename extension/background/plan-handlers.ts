import type { Browser } from 'wxt/browser';
import { readPlanJson } from '../../shared/plan-io/read-json';
import type { BackgroundRequest, BackgroundResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { linkEvidenceMany, unlinkEvidence } from '../../shared/workspace/evidence-edits';
import {
  createAction,
  createPlan,
  createRecommendation,
  reorder,
  updateAction,
  updatePlan,
  updateRecommendation,
} from '../../shared/workspace/plan';
import { createRecommendationsFromSource, importPlanDocument } from '../../shared/workspace/plan-import';
import { mergeTag, setTagColour } from '../../shared/workspace/tags';
import { activeSession } from './sessions';
import { suggestActionsFor } from './suggestions';

type PlanRequestType =
  | 'plan-import' | 'plan-create' | 'plan-update' | 'recommendation-create' | 'recommendation-update'
  | 'action-create' | 'action-update' | 'reorder' | 'recommendations-from-source' | 'evidence-link'
  | 'evidence-unlink' | 'tag-merge' | 'tag-colour' | 'suggest-actions';

type Handler<T extends PlanRequestType> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: Browser.runtime.MessageSender,
) => Promise<Result<BackgroundResponses[T], string>>;

const mapOk = <T, U>(result: Result<T, string>, f: (value: T) => U): Result<U, string> =>
  result.ok ? ok(f(result.value)) : result;

/** Handlers for plans, links, tags and suggestions; routed by background/router.ts. */
export const planHandlers: { [T in PlanRequestType]: Handler<T> } = {
  'plan-import': async ({ planJson, replacesPlanId }) => {
    // The page parsed the file; the background checks the plan again before it touches the doc.
    const document = readPlanJson(planJson);
    if (!document.ok) {
      const first = document.error[0];
      return err(`The plan is not valid: ${first?.column ?? ''} ${first?.message ?? ''}`.trim());
    }
    const result = await (await activeSession()).commit((d, c) => importPlanDocument(d, c, document.value, { replacesPlanId }));
    return mapOk(result, (r) => ({ planId: r.planId, recommendations: r.recommendationIds.length, actions: r.actionIds.length }));
  },
  'plan-create': async ({ name, replacesPlanId }) =>
    mapOk(await (await activeSession()).commit((d, c) => createPlan(d, c, { name, replacesPlanId })), (id) => ({ id })),
  'plan-update': async ({ id, name, status }) =>
    (await activeSession()).commit((d, c) => updatePlan(d, c, id, { ...(name ? { name } : {}), ...(status ? { status } : {}) })),
  'recommendation-create': async ({ planId, fields }) => {
    const session = await activeSession();
    const order = await session.db.recommendations.where('planId').equals(planId).count();
    const result = await session.commit((d, c) => createRecommendation(d, c, { planId, ...fields, sourceId: null, order }));
    return mapOk(result, (id) => ({ id }));
  },
  'recommendation-update': async ({ id, fields, archived }) =>
    (await activeSession()).commit((d, c) =>
      updateRecommendation(d, c, id, { ...fields, ...(archived === undefined ? {} : { archivedAt: archived ? c.now() : null }) }),
    ),
  'action-create': async ({ recommendationId, fields }) => {
    const session = await activeSession();
    const recommendation = await session.db.recommendations.get(recommendationId);
    if (!recommendation) return err(`recommendation ${recommendationId} not found`);
    const order = await session.db.actions.where('recommendationId').equals(recommendationId).count();
    const result = await session.commit((d, c) =>
      createAction(d, c, { planId: recommendation.planId, recommendationId, ...fields, extra: fields.extra ?? {}, order }),
    );
    return mapOk(result, (id) => ({ id }));
  },
  'action-update': async ({ id, fields, archived }) =>
    (await activeSession()).commit((d, c) =>
      updateAction(d, c, id, { ...fields, ...(archived === undefined ? {} : { archivedAt: archived ? c.now() : null }) }),
    ),
  reorder: async ({ collection, ids }) => (await activeSession()).commit((d, c) => reorder(d, c, collection, ids)),
  'recommendations-from-source': async ({ sourceId, planId }) =>
    mapOk(
      await (await activeSession()).commit((d, c) => createRecommendationsFromSource(d, c, sourceId, planId)),
      (r) => ({ planId: r.planId, created: r.created.length }),
    ),
  // Linking, unlinking and suggestions come only from Evident's pages (sender.ts): the in-page toolbar
  // asks from its own frame, never through the page's content script.
  'evidence-link': async ({ ids, actionId, assessment }) =>
    mapOk(await (await activeSession()).commit((d, c) => linkEvidenceMany(d, c, ids, actionId, assessment)), (linked) => ({ linked })),
  'evidence-unlink': async ({ id, actionId }) => (await activeSession()).commit((d, c) => unlinkEvidence(d, c, id, actionId)),
  'tag-merge': async ({ fromId, intoId }) =>
    mapOk(await (await activeSession()).commit((d, c) => mergeTag(d, c, fromId, intoId)), (moved) => ({ moved })),
  'tag-colour': async ({ id, colour }) => (await activeSession()).commit((d, c) => setTagColour(d, c, id, colour)),
  'suggest-actions': async ({ evidenceId, anyCouncil }) => {
    const session = await activeSession();
    const evidence = await session.db.evidence.get(evidenceId);
    if (!evidence) return err(`evidence ${evidenceId} not found`);
    return ok({ suggestions: await suggestActionsFor(session.db, evidence, { anyCouncil: anyCouncil ?? false }) });
  },
};
