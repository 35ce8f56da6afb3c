import type { SuggestedAction } from '../../shared/protocol/messages';
import { compareByPlanOrder } from '../../shared/coverage';
import { createSuggester } from '../../shared/suggest';
import type { EvidenceRow } from '../../shared/workspace/rows';
import type { ProjectionDb } from '../db/projection-db';

/** The last suggester built, and the plan state it was built from. */
let cached: { signature: string; suggester: ReturnType<typeof createSuggester> } | null = null;

/**
 * Suggestions for a clip: the actions of the workspace's active plans it most likely evidences.
 * The plan rows are read from the projection each time (a few hundred rows), and the suggester is
 * rebuilt only when they changed: the rows' `seq` says so (building one costs ~2–7 ms for 200 actions).
 */
export async function suggestActionsFor(db: ProjectionDb, evidence: EvidenceRow, limit = 3): Promise<SuggestedAction[]> {
  const activePlans = new Set((await db.plans.where('status').equals('active').toArray()).map((p) => p.id));
  if (!activePlans.size) return [];
  const [recommendations, actions, source] = await Promise.all([
    db.recommendations.toArray(),
    db.actions.toArray(),
    db.sources.get(evidence.sourceId),
  ]);
  // In plan order: the suggester breaks ties by it.
  const live = <T extends { planId: string; archived: 0 | 1; order: number; reference: string; id: string }>(rows: T[]) =>
    rows.filter((r) => activePlans.has(r.planId) && !r.archived).sort(compareByPlanOrder);
  const plan = { recommendations: live(recommendations), actions: live(actions) };
  const signature = [...activePlans, ...[...plan.recommendations, ...plan.actions].map((r) => `${r.id}@${r.seq}`)].join(',');
  if (cached?.signature !== signature) cached = { signature, suggester: createSuggester(plan) };
  const suggestions = cached.suggester.suggest(
    {
      quote: evidence.quote,
      context: `${evidence.contextBefore} ${evidence.contextAfter}`,
      sourceAreasForImprovement: source?.metadata.areas_for_improvement ?? [],
    },
    limit,
  );
  const actionById = new Map(plan.actions.map((a) => [a.id, a]));
  const recommendationById = new Map(plan.recommendations.map((r) => [r.id, r]));
  return suggestions.map((s) => ({
    actionId: s.actionId,
    reference: actionById.get(s.actionId)?.reference ?? '',
    title: actionById.get(s.actionId)?.title ?? '',
    recommendationReference: recommendationById.get(s.recommendationId)?.reference ?? '',
    score: s.score,
  }));
}
