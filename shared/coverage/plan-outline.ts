import type { ActionRow, RecommendationRow } from '../workspace/rows';
import { compareByPlanOrder } from './natural-order';

export interface PlanOutline {
  /** The plan's live recommendations in plan order, each with its live actions in plan order. */
  recommendations: Array<{ row: RecommendationRow; actions: ActionRow[] }>;
  /** The same actions, flattened in plan order. */
  actions: ActionRow[];
  /** Every counted action by id: its position in `actions`, and its recommendation's in `recommendations`. */
  actionsById: Map<string, { index: number; recommendationIndex: number }>;
}

/**
 * The part of a plan coverage reports on. Archived recommendations and actions are left out (a
 * refreshed plan archives what it dropped), and so are the actions of an archived or missing
 * recommendation: they have no row to sit in.
 */
export function outlinePlan(planId: string, recommendations: RecommendationRow[], actions: ActionRow[]): PlanOutline {
  const live = recommendations.filter((r) => r.planId === planId && !r.archived).sort(compareByPlanOrder);
  const positionById = new Map(live.map((r, i) => [r.id, i]));
  const grouped = live.map((row) => ({ row, actions: [] as ActionRow[] }));
  for (const action of actions) {
    if (action.planId !== planId || action.archived) continue;
    const position = positionById.get(action.recommendationId);
    if (position !== undefined) grouped[position]!.actions.push(action);
  }
  const flat: ActionRow[] = [];
  const actionsById: PlanOutline['actionsById'] = new Map();
  grouped.forEach((group, recommendationIndex) => {
    group.actions.sort(compareByPlanOrder);
    for (const row of group.actions) {
      actionsById.set(row.id, { index: flat.length, recommendationIndex });
      flat.push(row);
    }
  });
  return { recommendations: grouped, actions: flat, actionsById };
}
