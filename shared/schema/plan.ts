import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

export const PLAN_STATUSES = ['active', 'replaced', 'archived'] as const;

/**
 * An improvement plan (e.g. "ILACS Action Plan"). A workspace may hold several: a refreshed plan
 * replaces an older one, which stays readable (its recommendations, actions and links are kept).
 */
export const PlanV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^plan_/),
  name: z.string().min(1).max(200),
  status: z.enum(PLAN_STATUSES),
  /** The plan this one replaced, when it is a refresh. */
  replacesPlanId: z.string().nullable(),
  createdAt: IsoDateTime,
  createdBy: Actor,
});
export type Plan = z.infer<typeof PlanV1>;

export const PlanRecord = defineRecordType({ name: 'Plan', version: 1, schema: PlanV1, migrations: [] });
