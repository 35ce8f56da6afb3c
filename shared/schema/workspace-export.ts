import { z } from 'zod';
import { ActionV1 } from './action';
import { ActivityV1 } from './activity';
import { PlanV1 } from './plan';
import { EvidenceV1 } from './evidence';
import { RecommendationV1 } from './recommendation';
import { SourceV1 } from './source';
import { TagV1 } from './tag';

/**
 * The workspace JSON export (dashboard "Export JSON", server CLI `export`): see shared/schema/README.md.
 * `schemaVersion` is the workspace layout version; each record also carries its own `v`.
 */
export const WorkspaceExport = z.object({
  schemaVersion: z.number().int().positive(),
  workspace: z.string(),
  exportedAt: z.string(),
  sources: z.array(SourceV1),
  evidence: z.array(EvidenceV1),
  plans: z.array(PlanV1),
  recommendations: z.array(RecommendationV1),
  actions: z.array(ActionV1),
  tags: z.array(TagV1),
  activity: z.array(ActivityV1),
});
export type WorkspaceExport = z.infer<typeof WorkspaceExport>;
