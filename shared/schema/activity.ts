import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

export const ACTIVITY_KINDS = [
  'source.captured',
  'source.updated',
  'source.corrected',
  'evidence.created',
  'evidence.deleted',
  'evidence.restored',
  'evidence.noted',
  'evidence.tagged',
  'evidence.untagged',
  'evidence.status',
  'evidence.linked',
  'evidence.unlinked',
  'tag.created',
  'tag.renamed',
  'tag.deleted',
  'plan.created',
  'plan.updated',
  'plan.imported',
  'tag.merged',
  'recommendation.created',
  'recommendation.updated',
  'recommendation.archived',
  'action.created',
  'action.updated',
  'action.archived',
  // A server administrator restored the workspace as it was at some moment (evident-sync restore):
  // entityId is the workspace's id.
  'workspace.restored',
] as const;

/** One line of the audit trail: who did what to which record, when. Append-only. */
export const ActivityV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^log_/),
  at: IsoDateTime,
  actor: Actor,
  kind: z.enum(ACTIVITY_KINDS),
  entityId: z.string(),
  /** A short human-readable line ("tagged 'Permanence'"); never markup. */
  summary: z.string(),
});
export type Activity = z.infer<typeof ActivityV1>;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ActivityRecord = defineRecordType({ name: 'Activity', version: 1, schema: ActivityV1, migrations: [] });
