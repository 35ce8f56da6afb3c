import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { compareByPlanOrder } from '../../../shared/coverage';
import type { ActionRow, PlanRow, RecommendationRow } from '../../../shared/workspace/rows';
import type { ProjectionDb } from '../../db/projection-db';

export interface PlansData {
  plans: PlanRow[];
  recommendations: RecommendationRow[];
  actions: ActionRow[];
  actionById: Map<string, ActionRow>;
  recommendationById: Map<string, RecommendationRow>;
  loaded: boolean;
}

/** Every plan with its recommendations and actions in plan order, live from the projection. */
export function usePlans(db: ProjectionDb | null): PlansData {
  const data = useLiveQuery(
    async () =>
      db
        ? { plans: await db.plans.toArray(), recommendations: await db.recommendations.toArray(), actions: await db.actions.toArray() }
        : null,
    [db],
  );
  return useMemo(() => {
    const plans = [...(data?.plans ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const recommendations = [...(data?.recommendations ?? [])].sort(compareByPlanOrder);
    const actions = [...(data?.actions ?? [])].sort(compareByPlanOrder);
    return {
      plans,
      recommendations,
      actions,
      actionById: new Map(actions.map((a) => [a.id, a])),
      recommendationById: new Map(recommendations.map((r) => [r.id, r])),
      loaded: data !== undefined,
    };
  }, [data]);
}

/** The plan shown by default: the newest active one. */
export const defaultPlan = (plans: PlanRow[]) => plans.find((p) => p.status === 'active') ?? plans[0] ?? null;
