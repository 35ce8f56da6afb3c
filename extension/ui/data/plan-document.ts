import type { PlanDocument } from '../../../shared/plan-io/types';
import type { PlansData } from './use-plans';

/** A plan from the projection as a PlanDocument, in plan order: what "Export" writes. */
export function planDocumentOf(plans: PlansData, planId: string): PlanDocument | null {
  const plan = plans.plans.find((p) => p.id === planId);
  if (!plan) return null;
  return {
    name: plan.name,
    recommendations: plans.recommendations
      .filter((r) => r.planId === planId && !r.archived)
      .map((r) => ({
        reference: r.reference,
        text: r.text,
        ofstedParagraph: r.ofstedParagraph,
        actions: plans.actions
          .filter((a) => a.recommendationId === r.id && !a.archived)
          .map(({ reference, title, description, lead, dueDate, deliveryRag, impactRag, successMeasures, progress, extra, status }) => ({
            reference, title, description, lead, dueDate, deliveryRag, impactRag, successMeasures, progress, extra, status,
          })),
      })),
  };
}
