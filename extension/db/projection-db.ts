import Dexie, { type DexieOptions, type Table } from 'dexie';
import type {
  ActionRow,
  ActivityRow,
  EvidenceRow,
  PlanRow,
  RecommendationRow,
  SourceRow,
  TagRow,
} from '../../shared/workspace/rows';

/** Rows as stored: the projection's row plus `seq`, the flush that last wrote it (for incremental readers). */
export type Stored<T> = T & { seq: number };

export interface MetaRow {
  key: 'checkpoint' | 'seq' | 'workspace';
  value: unknown;
}

/**
 * The local, indexed projection of one workspace's Y.Doc. Everything
 * here can be rebuilt from the doc; UI reads it through liveQuery and never writes it.
 * One database per workspace keeps a rebuild or a removal to one `Dexie.delete`.
 */
export class ProjectionDb extends Dexie {
  evidence!: Table<Stored<EvidenceRow>, string>;
  sources!: Table<Stored<SourceRow>, string>;
  tags!: Table<Stored<TagRow>, string>;
  plans!: Table<Stored<PlanRow>, string>;
  recommendations!: Table<Stored<RecommendationRow>, string>;
  actions!: Table<Stored<ActionRow>, string>;
  activity!: Table<Stored<ActivityRow>, string>;
  meta!: Table<MetaRow, string>;

  constructor(
    readonly workspaceId: string,
    options?: DexieOptions,
  ) {
    super(projectionDbName(workspaceId), options);
    // Version 1. A change to a row's shape gets a new version whose upgrade clears the tables and the
    // checkpoint, so the projector rebuilds them from the doc.
    this.version(1).stores({
      evidence:
        'id, sourceId, sourceUrl, quoteKey, council, documentType, documentDate, createdAt, status, deleted, seq, *tagIds, *actionIds',
      sources: 'id, url, council, documentType, documentDate',
      tags: 'id, name',
      recommendations: 'id, planId, order',
      actions: 'id, planId, recommendationId, order',
      activity: 'id, at, entityId, kind',
      meta: 'key',
    });
    // Version 2 (improvement plans): a plans table. The projection is rebuilt from the doc, which
    // already holds any plans, so the upgrade only drops the checkpoint.
    this.version(2)
      .stores({ plans: 'id, status' })
      .upgrade((tx) => tx.table('meta').delete('checkpoint'));
    // Version 3 (provenance): rows of Source v2 (sha256, snapshotAt) and Evidence v2 (snapshotSpan).
    // Records migrate as they are read, so a rebuild from the doc brings every row to its new shape.
    this.version(3)
      .stores({})
      .upgrade((tx) => tx.table('meta').delete('checkpoint'));
  }
}

export const projectionDbName = (workspaceId: string) => `evident-projection-${workspaceId}`;

export const PROJECTED_TABLES = ['sources', 'evidence', 'tags', 'plans', 'recommendations', 'actions', 'activity'] as const;
