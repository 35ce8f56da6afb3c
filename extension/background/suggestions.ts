import type { SuggestedAction } from '../../shared/protocol/messages';
import { compareByPlanOrder } from '../../shared/coverage';
import { createSuggester, SUGGESTION_CONFIDENCE_FLOOR } from '../../shared/suggest';
import { councilOf, isSameCouncil, planCouncil } from '../../shared/suggest/plan-council';
import type { EvidenceRow, SourceRow } from '../../shared/workspace/rows';
import type { ProjectionDb } from '../db/projection-db';

/** The last suggester built, and the plan state it was built from. */
let cached: { signature: string; suggester: ReturnType<typeof createSuggester> } | null = null;

/** How many clips linked to a plan are read to tell its council when no recommendation names a report. */
const CLIPS_READ_FOR_COUNCIL = 50;

export interface SuggestOptions {
  limit?: number;
  /** Offer actions of plans for other councils too: only when the person asks. */
  anyCouncil?: boolean;
}

/**
 * Suggestions for a clip: the actions of the workspace's active plans it most likely evidences, above
 * the calibrated confidence floor, from plans for the clip's own council (unless asked otherwise),
 * each with its reason. The plan rows are read from the projection each time (a few hundred rows),
 * and the suggester is rebuilt only when they changed: the rows' `seq` says so (building one costs
 * ~2–7 ms for 200 actions).
 */
export async function suggestActionsFor(db: ProjectionDb, evidence: EvidenceRow, options: SuggestOptions = {}): Promise<SuggestedAction[]> {
  const { limit = 3, anyCouncil = false } = options;
  let activePlans = new Set((await db.plans.where('status').equals('active').toArray()).map((p) => p.id));
  if (!activePlans.size) return [];
  const [recommendations, actions, source] = await Promise.all([
    db.recommendations.toArray(),
    db.actions.toArray(),
    db.sources.get(evidence.sourceId),
  ]);
  if (!anyCouncil && source) activePlans = await plansForCouncilOf(db, source, activePlans, recommendations, actions);
  if (!activePlans.size) return [];
  // In plan order: the suggester breaks ties by it.
  const live = <T extends { planId: string; archived: 0 | 1; order: number; reference: string; id: string }>(rows: T[]) =>
    rows.filter((r) => activePlans.has(r.planId) && !r.archived).sort(compareByPlanOrder);
  const plan = { recommendations: live(recommendations), actions: live(actions) };
  const signature = [...activePlans, ...[...plan.recommendations, ...plan.actions].map((r) => `${r.id}@${r.seq}`)].join(',');
  if (cached?.signature !== signature) cached = { signature, suggester: createSuggester(plan) };
  const suggestions = cached.suggester
    .suggest(
      {
        quote: evidence.quote,
        context: `${evidence.contextBefore} ${evidence.contextAfter}`,
        sourceAreasForImprovement: source?.metadata.areas_for_improvement ?? [],
      },
      limit,
    )
    .filter((s) => s.score >= SUGGESTION_CONFIDENCE_FLOOR);
  const actionById = new Map(plan.actions.map((a) => [a.id, a]));
  const recommendationById = new Map(plan.recommendations.map((r) => [r.id, r]));
  const isOfstedReport = source?.documentType.startsWith('ofsted_') ?? false;
  return suggestions.map((s) => {
    const recommendation = recommendationById.get(s.recommendationId);
    // The clip is the very paragraph of the Ofsted report the recommendation cites: the strongest reason.
    const sharedParagraph = isOfstedReport && evidence.paragraph && recommendation?.ofstedParagraph === evidence.paragraph ? evidence.paragraph : null;
    return {
      actionId: s.actionId,
      reference: actionById.get(s.actionId)?.reference ?? '',
      title: actionById.get(s.actionId)?.title ?? '',
      recommendationReference: recommendation?.reference ?? '',
      score: s.score,
      reasons: s.reasons,
      ofstedParagraph: sharedParagraph,
    };
  });
}

/** The active plans that answer for the clip's council, or whose council Evident cannot tell. */
async function plansForCouncilOf(
  db: ProjectionDb,
  source: SourceRow,
  activePlans: Set<string>,
  recommendations: Array<{ planId: string; sourceId: string | null }>,
  actions: Array<{ id: string; planId: string }>,
): Promise<Set<string>> {
  const clipCouncil = councilOf(source);
  if (!clipCouncil) return activePlans;
  const kept = new Set<string>();
  for (const planId of activePlans) {
    const reportIds = [...new Set(recommendations.filter((r) => r.planId === planId && r.sourceId).map((r) => r.sourceId!))];
    const reports = (await db.sources.bulkGet(reportIds)).filter((s): s is NonNullable<typeof s> => !!s);
    const actionIds = actions.filter((a) => a.planId === planId).map((a) => a.id);
    const linked = reports.length ? [] : await db.evidence.where('actionIds').anyOf(actionIds).limit(CLIPS_READ_FOR_COUNCIL).toArray();
    const linkedSources = linked.map((row) => ({ council: row.council, url: row.sourceUrl ?? '' }));
    if (isSameCouncil(planCouncil(reports, linkedSources), clipCouncil)) kept.add(planId);
  }
  return kept;
}
