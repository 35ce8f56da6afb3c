import { z } from 'zod';
import { Actor, IsoDate, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

export const RAG_VALUES = ['red', 'amber', 'green', 'blue'] as const;
export const ACTION_STATUSES = ['not_started', 'in_progress', 'complete', 'closed'] as const;
export type Rag = (typeof RAG_VALUES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One action of an improvement plan, under a recommendation. */
export const ActionV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^act_/),
  planId: z.string(),
  recommendationId: z.string(),
  /** The plan's action reference as written ("3.2"), shown wherever the action is named. */
  reference: z.string(),
  title: z.string().min(1),
  description: z.string(),
  lead: z.string(),
  dueDate: IsoDate.nullable(),
  deliveryRag: z.enum(RAG_VALUES).nullable(),
  impactRag: z.enum(RAG_VALUES).nullable(),
  successMeasures: z.string(),
  /** Progress notes as the plan's owners write them. */
  progress: z.string(),
  /** Columns of an imported plan Evident does not model, kept by header so an export gives them back. */
  extra: z.record(z.string(), z.string()),
  status: z.enum(ACTION_STATUSES),
  order: z.number(),
  createdAt: IsoDateTime,
  createdBy: Actor,
  archivedAt: IsoDateTime.nullable(),
});
export type Action = z.infer<typeof ActionV1>;

export const ActionRecord = defineRecordType({ name: 'Action', version: 1, schema: ActionV1, migrations: [] });
