import { Bm25Field } from './bm25-field';
import { explainMatch } from './explain-match';
import { createSourceAreasBoost } from './source-areas-boost';
import { addWeightedTerms, termsOf, type Term } from './terms';
import type { Passage, Suggester, Suggestion, SuggestionPlan } from './types';

/**
 * Field boosts, as MiniSearch's `boost` option sums per-field BM25 scores. The recommendation (the
 * area for improvement) says what the passage is about; the action's title and description say
 * which of its actions; success measures name the data a passage may quote. Chosen by hand, then
 * checked by a grid search on the odd-numbered paragraphs of tests/fixtures/suggestions (the even
 * ones are held out; many settings tie there, see its README); sourceAreas was set by that search.
 */
const WEIGHTS = {
  recommendation: 1.5,
  title: 1,
  description: 0.7,
  measures: 0.4,
  /** The clip's surroundings hint at its topic but may be about the next one. */
  context: 0.3,
  /** The bridge through the source's own areas for improvement (source-areas-boost.ts). */
  sourceAreas: 1,
} as const;
/** A word the passage repeats counts more, but not without end (BM25's query-term saturation, k3). */
const MAX_QUERY_WEIGHT = 2;
/** Below this a suggestion rests on a common word or two: better no suggestion than a wrong one. */
export const MIN_SUGGESTION_SCORE = 2;

/**
 * Plan texts change rarely while the suggester may be rebuilt for every clip (the background builds
 * it from the projection so it is never stale), so their terms are kept: tokenizing a 200-action plan
 * is most of an index build. Bounded, and cleared whole when full (the plan is then re-read once).
 */
const MAX_CACHED_TEXTS = 5_000;
const termsOfPlanText = new Map<string, Term[]>();
function cachedTermsOf(text: string): Term[] {
  let terms = termsOfPlanText.get(text);
  if (!terms) {
    if (termsOfPlanText.size >= MAX_CACHED_TEXTS) termsOfPlanText.clear();
    termsOfPlanText.set(text, (terms = termsOf(text)));
  }
  return terms;
}

/**
 * Ranks a plan's actions for a clipped passage with BM25 over recommendation and action text (issue:
 * "suggest the three most likely actions"). The index is built once per plan; archived
 * recommendations and actions, and actions of an archived recommendation, are never suggested.
 */
export function createSuggester(plan: SuggestionPlan): Suggester {
  const recommendations = plan.recommendations.filter((r) => r.archivedAt === null);
  const recommendationIndex = new Map(recommendations.map((r, i) => [r.id, i]));
  // Plan order (recommendation, then action as given) breaks ties, so equal scores read like the plan.
  const actions = plan.actions
    .map((action, given) => ({ action, given, rec: recommendationIndex.get(action.recommendationId) }))
    .filter((a): a is typeof a & { rec: number } => a.action.archivedAt === null && a.rec !== undefined)
    .sort((a, b) => a.rec - b.rec || a.given - b.given);

  const fields = {
    recommendation: new Bm25Field(recommendations.map((r) => cachedTermsOf(r.text))),
    title: new Bm25Field(actions.map((a) => cachedTermsOf(a.action.title))),
    description: new Bm25Field(actions.map((a) => cachedTermsOf(a.action.description))),
    measures: new Bm25Field(actions.map((a) => cachedTermsOf(a.action.successMeasures))),
  };
  const sourceAreasBoost = createSourceAreasBoost(fields.recommendation);

  function suggest(passage: Passage, limit = 3): Suggestion[] {
    if (actions.length === 0 || limit <= 0) return [];
    const query = new Map<string, number>();
    const surfaces = new Map<string, string>();
    addWeightedTerms(query, surfaces, passage.quote, 1);
    if (passage.context) addWeightedTerms(query, surfaces, passage.context, WEIGHTS.context);
    for (const [term, weight] of query) if (weight > MAX_QUERY_WEIGHT) query.set(term, MAX_QUERY_WEIGHT);

    const byRecommendation = new Float64Array(recommendations.length);
    fields.recommendation.addScores(query, WEIGHTS.recommendation, byRecommendation);
    const bridge = sourceAreasBoost(passage.sourceAreasForImprovement ?? [], query);
    const scores = new Float64Array(actions.length);
    fields.title.addScores(query, WEIGHTS.title, scores);
    fields.description.addScores(query, WEIGHTS.description, scores);
    fields.measures.addScores(query, WEIGHTS.measures, scores);
    actions.forEach(({ rec }, i) => (scores[i]! += byRecommendation[rec]! + WEIGHTS.sourceAreas * bridge.byRecommendation[rec]!));

    const ranked = actions
      .map((_, i) => i)
      .filter((i) => scores[i]! >= MIN_SUGGESTION_SCORE)
      .sort((a, b) => scores[b]! - scores[a]! || a - b)
      .slice(0, limit);
    return ranked.map((i) => {
      const { action, rec } = actions[i]!;
      return {
        actionId: action.id,
        recommendationId: action.recommendationId,
        score: scores[i]!,
        reasons: explainMatch(query, surfaces, (term) =>
          WEIGHTS.recommendation * fields.recommendation.termScore(term, rec) +
          WEIGHTS.title * fields.title.termScore(term, i) +
          WEIGHTS.description * fields.description.termScore(term, i) +
          WEIGHTS.measures * fields.measures.termScore(term, i) +
          WEIGHTS.sourceAreas * bridge.termScore(term, rec),
        ),
      };
    });
  }

  return { suggest };
}
