import { Bm25Field } from './bm25-field';
import { termsOf } from './terms';

/**
 * How much closer a recommendation gets when the passage is close to one of its source's own areas
 * for improvement, and that area is close to the recommendation. Ofsted reports list their areas
 * verbatim, while a council's plan paraphrases them, so the source's list is a bridge
 * from Ofsted's words in the passage to the plan's words: passage → area → recommendation.
 */

/** An area maps to a recommendation only when it matches it at least this well relative to its best match. */
const AREA_MATCH_RATIO = 0.6;
/** Sources share their lists (every clip of one report), so keep the last few bridges built. */
const MAX_CACHED_LISTS = 16;

interface Bridge {
  areas: Bm25Field;
  /** areaToRecommendation[area][recommendation], 0..1. */
  areaToRecommendation: Float64Array[];
}

function buildBridge(areas: string[], recommendations: Bm25Field): Bridge {
  const areaTerms = areas.map(termsOf);
  const areaToRecommendation = areaTerms.map((terms) => {
    const query = new Map<string, number>();
    for (const { term } of terms) query.set(term, 1);
    const scores = new Float64Array(recommendations.size);
    recommendations.addScores(query, 1, scores);
    const best = Math.max(0, ...scores);
    return scores.map((s) => (best > 0 && s >= AREA_MATCH_RATIO * best ? s / best : 0));
  });
  return { areas: new Bm25Field(areaTerms), areaToRecommendation };
}

export interface SourceAreasBoost {
  /** Per recommendation (plan order): what the bridge adds to each of its actions. */
  byRecommendation: Float64Array;
  /** What one query term adds through the bridge to one recommendation, for a suggestion's reasons. */
  termScore(term: string, recommendation: number): number;
}

export function createSourceAreasBoost(
  recommendations: Bm25Field,
): (areas: readonly string[], query: ReadonlyMap<string, number>) => SourceAreasBoost {
  const bridges = new Map<string, Bridge>();
  const none: SourceAreasBoost = { byRecommendation: new Float64Array(recommendations.size), termScore: () => 0 };
  return (areas, query) => {
    if (areas.length === 0 || recommendations.size === 0) return none;
    const key = areas.join('\n');
    let bridge = bridges.get(key);
    if (!bridge) {
      if (bridges.size >= MAX_CACHED_LISTS) bridges.delete(bridges.keys().next().value!);
      bridges.set(key, (bridge = buildBridge([...areas], recommendations)));
    }
    const { areas: areaField, areaToRecommendation } = bridge;
    const closeness = new Float64Array(areas.length);
    areaField.addScores(query, 1, closeness);
    const closest = Math.max(0, ...closeness);
    if (closest === 0) return none;
    // Squared relative closeness: the area the passage is plainly about counts, near-misses barely do.
    const sharpness = Array.from(closeness, (score) => (score / closest) ** 2);
    const byRecommendation = new Float64Array(recommendations.size);
    closeness.forEach((score, area) => {
      areaToRecommendation[area]!.forEach((m, r) => (byRecommendation[r]! += score * sharpness[area]! * m));
    });
    const termScore = (term: string, r: number) =>
      areaToRecommendation.reduce((sum, map, area) => sum + areaField.termScore(term, area) * sharpness[area]! * map[r]!, 0);
    return { byRecommendation, termScore };
  };
}
