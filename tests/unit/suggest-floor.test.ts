import { describe, expect, it } from 'vitest';
import { FLOOR_MAY_COST_PASSAGES } from '../../shared/suggest/confidence-floor';
import { createSuggester, SUGGESTION_CONFIDENCE_FLOOR, type Suggestion } from '../../shared/suggest';
import { loadLabelledPassages, loadPlanDocument, loadUnrelatedPassages, toSuggestionPlan, type EvaluatedPassage } from '../fixtures/suggestions/labelled-set';

/**
 * Calibrates the confidence floor on the labelled St Helens set (tests/fixtures/suggestions/README.md):
 * on the tuning half, the highest whole-number floor that costs at most FLOOR_MAY_COST_PASSAGES of
 * top-3 accuracy, with and without the source's areas for improvement; then reports, per half, what
 * it costs and how many wrong suggestions it removes (on labelled passages, and on the report's
 * paragraphs that evidence none of the plan's areas, where every suggestion is wrong).
 */
const suggester = createSuggester(toSuggestionPlan(loadPlanDocument()));
const labelled = loadLabelledPassages();
const unrelated = loadUnrelatedPassages();
const CONDITIONS = { 'with source AFIs': true, 'without source AFIs': false } as const;

const suggestionsFor = (p: EvaluatedPassage, withAreas: boolean): Suggestion[] =>
  suggester.suggest(withAreas ? p.passage : { ...p.passage, sourceAreasForImprovement: [] }, 3);
const isRight = (p: EvaluatedPassage, s: Suggestion) => p.areas.some((a) => s.recommendationId === `rec_${a}`);

interface FloorEffect {
  top3: number;
  passages: number;
  wrongRemoved: number;
  wrongShown: number;
  rightRemoved: number;
}

function effectOf(floor: number, passages: EvaluatedPassage[], withAreas: boolean): FloorEffect {
  const effect: FloorEffect = { top3: 0, passages: passages.length, wrongRemoved: 0, wrongShown: 0, rightRemoved: 0 };
  for (const p of passages) {
    const all = suggestionsFor(p, withAreas);
    const shown = all.filter((s) => s.score >= floor);
    if (shown.some((s) => isRight(p, s))) effect.top3++;
    for (const s of all) {
      if (isRight(p, s)) effect.rightRemoved += Number(s.score < floor);
      else if (s.score < floor) effect.wrongRemoved++;
      else effect.wrongShown++;
    }
  }
  return effect;
}

function calibratedFloor(): number {
  const tuning = labelled.filter((p) => p.split === 'tune');
  let best = 0;
  for (let floor = 0; floor <= 40; floor++) {
    const affordable = Object.values(CONDITIONS).every(
      (withAreas) => effectOf(0, tuning, withAreas).top3 - effectOf(floor, tuning, withAreas).top3 <= FLOOR_MAY_COST_PASSAGES,
    );
    if (affordable) best = floor;
    else break;
  }
  return best;
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

describe('the suggestion confidence floor', () => {
  it('is the floor its rule picks on the tuning half', () => {
    expect(SUGGESTION_CONFIDENCE_FLOOR).toBe(calibratedFloor());
  });

  it('reports what the floor costs in top-3 accuracy and how many weak suggestions it removes', () => {
    const rows = [];
    for (const [condition, withAreas] of Object.entries(CONDITIONS)) {
      for (const [half, set] of [['tune (odd ¶)', labelled.filter((p) => p.split === 'tune')], ['held-out (even ¶)', labelled.filter((p) => p.split === 'held-out')], ['unrelated ¶', unrelated]] as const) {
        const before = effectOf(0, set, withAreas);
        const after = effectOf(SUGGESTION_CONFIDENCE_FLOOR, set, withAreas);
        rows.push({
          condition, half, n: set.length,
          'top-3 before': half === 'unrelated ¶' ? 'n/a' : pct(before.top3, set.length),
          'top-3 after': half === 'unrelated ¶' ? 'n/a' : pct(after.top3, set.length),
          'wrong removed': `${after.wrongRemoved} of ${before.wrongShown}`,
          'right removed': after.rightRemoved,
        });
        if (half !== 'unrelated ¶') expect(before.top3 - after.top3).toBeLessThanOrEqual(Math.ceil(set.length * 0.03));
      }
    }
    console.log(`\nConfidence floor ${SUGGESTION_CONFIDENCE_FLOOR} (top 3 suggestions per passage):`);
    console.table(rows);
  });
});
