import * as Y from 'yjs';
import type { Actor } from '../../shared/schema/actor';
import { err, ok, type Result } from '../../shared/result';
import { captureClip, type ClipInput } from '../../shared/workspace/capture';
import { createMutationContext } from '../../shared/workspace/context';
import { activityOf } from '../../shared/workspace/layout';
import { evidenceRowOf, projectActivityEntry, sourceRowOf } from '../../shared/workspace/project';
import { readEvidence, readSource } from '../../shared/workspace/read';
import type { SourceRow } from '../../shared/workspace/rows';
import { sourceIdFor } from '../../shared/workspace/sources';
import type { ProjectionDb } from '../db/projection-db';
import { writeProjectionRows, type ProjectedTableName } from '../db/write-rows';
import { appendUpdate } from './doc-store';

export interface ColdCapture {
  evidenceId: string;
  update: Uint8Array;
  sourceSkipped: boolean;
}

/**
 * Saves a clip without loading the workspace doc: the clip is written as a Yjs update made from an
 * empty doc, appended to the doc's IndexedDB store, and its rows put in the projection straight away.
 * New records are new keys of the root maps, so the update merges with the full doc whenever it loads.
 * An existing source is left alone (a second copy of its map would compete with the first); the
 * projection supplies its council and dates for the new evidence row.
 */
export async function captureWithoutDoc(
  workspaceId: string,
  db: ProjectionDb,
  clip: ClipInput,
  actor: Actor,
): Promise<Result<ColdCapture, string>> {
  const sourceId = sourceIdFor(clip.source);
  const existingSource = (await db.sources.get(sourceId)) ?? null;
  const scratch = new Y.Doc();
  const ctx = createMutationContext(actor);
  const result = captureClip(scratch, ctx, clip, { skipSource: existingSource !== null });
  if (!result.ok) return result;
  const evidence = readEvidence(scratch, result.value.evidenceId);
  if (!evidence.ok) return err(evidence.error);
  let sourceRow: SourceRow | null = existingSource;
  const puts = new Map<ProjectedTableName, object[]>();
  if (!existingSource) {
    const source = readSource(scratch, sourceId);
    if (!source.ok) return err(source.error);
    sourceRow = sourceRowOf(source.value);
    puts.set('sources', [sourceRow]);
  }
  puts.set('evidence', [evidenceRowOf(evidence.value, sourceRow)]);
  puts.set('activity', activityOf(scratch).toArray().flatMap((entry) => {
    const row = projectActivityEntry(entry);
    return row.ok ? [row.value] : [];
  }));
  const update = Y.encodeStateAsUpdate(scratch);
  await appendUpdate(workspaceId, update);
  await writeProjectionRows(db, puts);
  scratch.destroy();
  return ok({ evidenceId: result.value.evidenceId, update, sourceSkipped: existingSource !== null });
}
