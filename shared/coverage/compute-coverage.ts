import type { ActionRow, EvidenceRow, RecommendationRow } from '../workspace/rows';
import { CoverageTally } from './coverage-tally';
import { evidenceDateOf } from './evidence-date';
import { monthIndexOf, subtractMonths, toUtcDay } from './months';
import { outlinePlan } from './plan-outline';
import type { Coverage } from './types';

export interface CoverageInput {
  recommendations: RecommendationRow[];
  actions: ActionRow[];
  evidence: EvidenceRow[];
}

export interface CoverageOptions {
  planId: string;
  /** The moment to judge staleness from (ISO date or date-time); passed in so results are reproducible. */
  now: string;
  /** Evidence older than this many calendar months before `now` is stale. */
  staleAfterMonths: number;
  /** The evidence list's filters (council, type, date, tag), so the matrix counts what the list shows. */
  evidenceFilter?: (row: EvidenceRow) => boolean;
}

/**
 * How well each recommendation and action of one plan is evidenced (the coverage view).
 *
 * Rules:
 * - A clip counts for an action through a link to it. Deleted clips never count, nor clips the
 *   `evidenceFilter` rejects, nor links to actions that are archived, of another plan, or under an
 *   archived recommendation. Archived recommendations and actions are left out of the result.
 * - Action counts are one per link, by assessment (null → `unassessed`). A clip linked to two actions
 *   of one recommendation counts in each action but once in the recommendation's `evidenceCount`, and
 *   once per assessment in its `counts`; `totals` count distinct clips over the plan the same way.
 * - A clip's date is its document's date when known, else the day it was clipped (evidenceDateOf).
 * - `flag`: 'none' without evidence; 'stale' when every clip is dated before `now`'s day minus
 *   `staleAfterMonths` calendar months (clamped to month end: 2026-03-31 − 6 months = 2025-09-30, so
 *   a clip of 2025-09-30 is still fresh and one of 2025-09-29 is stale); null otherwise.
 * - `timeline`: distinct clips per month of their date, zero-filled from the plan's earliest evidence
 *   month to `now`'s month (or a later evidence month, so no clip drops off the chart); empty when the
 *   plan has no evidence. Every recommendation shares that span so their charts line up.
 * - Rows are in plan order: `order`, then reference in natural order ("3.9" before "3.10").
 *
 * One pass over the evidence with maps by action id: 50,000 clips and 200 actions in a few tens of ms.
 */
export function computeCoverage(input: CoverageInput, options: CoverageOptions): Coverage {
  if (!Number.isInteger(options.staleAfterMonths) || options.staleAfterMonths < 0) {
    throw new Error(`computeCoverage: staleAfterMonths must be a whole number ≥ 0, got ${options.staleAfterMonths}`);
  }
  const today = toUtcDay(options.now);
  const outline = outlinePlan(options.planId, input.recommendations, input.actions);
  const tally = new CoverageTally(outline);
  const filter = options.evidenceFilter;

  for (let clip = 0; clip < input.evidence.length; clip++) {
    const row = input.evidence[clip]!;
    if (row.deleted || row.links.length === 0) continue;
    let accepted = false;
    for (const link of row.links) {
      const action = outline.actionsById.get(link.actionId);
      if (!action) continue;
      // The filter and the date are worked out only for clips that reach a counted action.
      if (!accepted) {
        if (filter && !filter(row)) break;
        accepted = true;
        tally.startClip(clip, row.id, evidenceDateOf(row));
      }
      tally.addLink(action.index, action.recommendationIndex, link.assessment);
    }
  }

  return tally.finish({ nowMonth: monthIndexOf(today), staleBefore: subtractMonths(today, options.staleAfterMonths) });
}
