import type * as Y from 'yjs';
import type { WorkspaceExport } from '../schema/workspace-export';
import { snapshotsOf, WORKSPACE_SCHEMA_VERSION } from './layout';
import { project } from './project';
import { readSnapshot } from './snapshots';

/** Strips the projection's convenience fields, leaving the stored record shape. */
function recordOnly<T extends object, K extends string>(row: T, drop: readonly K[]): Omit<T, K> {
  const copy = { ...row } as Record<string, unknown>;
  for (const key of drop) delete copy[key];
  return copy as Omit<T, K>;
}

const EVIDENCE_ROW_ONLY = [
  'quote', 'quoteKey', 'paragraph', 'page', 'actionIds', 'deleted',
  'sourceUrl', 'sourceTitle', 'council', 'publisher', 'documentType', 'documentDate', 'uncertainFields',
] as const;

/**
 * The workspace as one JSON document (schema: shared/schema/workspace-export.ts). Records are in the
 * order they were made, so a reader of the file sees the story; activity is oldest first.
 */
export function exportWorkspace(doc: Y.Doc, workspace: string, exportedAt: string): WorkspaceExport {
  const p = project(doc);
  const byCreated = <T extends { createdAt: string; id: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return {
    schemaVersion: WORKSPACE_SCHEMA_VERSION,
    workspace,
    exportedAt,
    sources: [...p.sources]
      .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.id.localeCompare(b.id))
      .map((s) => recordOnly(s, ['title', 'council', 'documentType', 'documentDate'] as const)),
    snapshots: [...snapshotsOf(doc).keys()].sort().flatMap((id) => {
      const snapshot = readSnapshot(doc, id);
      return snapshot?.ok ? [snapshot.value] : [];
    }),
    evidence: byCreated(p.evidence).map((e) => recordOnly(e, EVIDENCE_ROW_ONLY)),
    plans: byCreated(p.plans),
    recommendations: byCreated(p.recommendations).map((r) => recordOnly(r, ['archived'] as const)),
    actions: byCreated(p.actions).map((a) => recordOnly(a, ['archived'] as const)),
    tags: byCreated(p.tags).map((t) => recordOnly(t, ['deleted'] as const)),
    activity: [...p.activity].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
  };
}
