import { z } from 'zod';
import { ActionRecord } from './action';
import { ActivityRecord } from './activity';
import { EvidenceRecord } from './evidence';
import { PlanRecord } from './plan';
import { RecommendationRecord } from './recommendation';
import { SourceRecord } from './source';
import { SourceSnapshotRecord } from './source-snapshot';
import { TagRecord } from './tag';
import type { RecordType } from './versioned';

/**
 * Records of one type, each migrated from the version it was written in and validated: a file
 * exported by an older Evident still imports, and a bad record is named by its index and problem.
 */
const recordsOf = <T extends { v: number }>(type: RecordType<T>) =>
  z.array(z.unknown()).transform((rows, ctx) => {
    const out: T[] = [];
    rows.forEach((row, index) => {
      const parsed = type.parse(row);
      if (parsed.ok) out.push(parsed.value);
      else ctx.addIssue({ code: 'custom', message: parsed.error, path: [index] });
    });
    return out;
  });

/**
 * The workspace JSON export (dashboard "Export JSON", server CLI `export`): see shared/schema/README.md.
 * `schemaVersion` is the workspace layout version; each record also carries its own `v`.
 */
export const WorkspaceExport = z.object({
  schemaVersion: z.number().int().positive(),
  workspace: z.string(),
  exportedAt: z.string(),
  sources: recordsOf(SourceRecord),
  /** Layout 2: each source's text as first clipped (absent from files of layout 1). */
  snapshots: recordsOf(SourceSnapshotRecord).default([]),
  evidence: recordsOf(EvidenceRecord),
  plans: recordsOf(PlanRecord),
  recommendations: recordsOf(RecommendationRecord),
  actions: recordsOf(ActionRecord),
  tags: recordsOf(TagRecord),
  activity: recordsOf(ActivityRecord),
});
export type WorkspaceExport = z.output<typeof WorkspaceExport>;
