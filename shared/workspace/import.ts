import * as Y from 'yjs';
import { WorkspaceExport } from '../schema/workspace-export';
import { err, ok, type Result } from '../result';
import { activityOf, collectionOf, CORRECTION_KEY_PREFIX, LINK_KEY_PREFIX, snapshotsOf, TAG_KEY_PREFIX, type Collection } from './layout';
import { migrateWorkspaceDoc } from './schema-version';

/**
 * Restores a workspace from its JSON export (`evident-sync import`, or moving a workspace between
 * servers): every record is written under its own id, as the export has it. Refuses an export from a
 * newer layout, an invalid one (naming the first problem), and a non-empty doc: merging two
 * histories by hand would silently pick winners, which sync does properly.
 */
export function importWorkspaceExport(doc: Y.Doc, raw: unknown, origin?: unknown): Result<{ records: number }, string> {
  const parsed = WorkspaceExport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err(`not a workspace export: ${issue.path.join('.') || '(top level)'} ${issue.message}`);
  }
  const data = parsed.data;
  const nonEmpty = (['sources', 'evidence', 'tags', 'plans', 'recommendations', 'actions'] as const).some((c) => collectionOf(doc, c).size > 0);
  if (nonEmpty) return err('the workspace already has records; import only into an empty workspace');
  const migrated = migrateWorkspaceDoc(doc, data.workspace, origin);
  if (!migrated.ok) return migrated;
  if (data.schemaVersion > migrated.value) return err(`the export has layout version ${data.schemaVersion}, newer than this Evident (${migrated.value})`);
  let records = 0;
  const put = (collection: Collection, record: Record<string, unknown>) => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(record)) map.set(key, value);
    collectionOf(doc, collection).set(String(record.id), map);
    records++;
  };
  doc.transact(() => {
    for (const { corrections, ...s } of data.sources) {
      put('sources', s);
      const map = collectionOf(doc, 'sources').get(s.id)!;
      for (const [field, correction] of Object.entries(corrections)) map.set(CORRECTION_KEY_PREFIX + field, correction);
    }
    for (const s of data.snapshots) snapshotsOf(doc).set(s.sourceId, JSON.stringify(s));
    for (const t of data.tags) put('tags', t);
    for (const p of data.plans) put('plans', p);
    for (const r of data.recommendations) put('recommendations', r);
    for (const a of data.actions) put('actions', a);
    for (const e of data.evidence) {
      const { v, id, sourceId, anchor, contextBefore, contextAfter, snapshotSpan, createdAt, createdBy, note, tagIds, links, ...editable } = e;
      const map = new Y.Map<unknown>();
      map.set('capture', JSON.stringify({ v, sourceId, anchor, contextBefore, contextAfter, snapshotSpan, createdAt, createdBy }));
      map.set('note', new Y.Text(note));
      for (const [key, value] of Object.entries(editable)) if (value !== null || key === 'status') map.set(key, value);
      for (const tagId of tagIds) map.set(TAG_KEY_PREFIX + tagId, { at: createdAt, by: createdBy });
      for (const { actionId, ...link } of links) map.set(LINK_KEY_PREFIX + actionId, link);
      collectionOf(doc, 'evidence').set(id, map);
      records++;
    }
    activityOf(doc).push(data.activity.map((a) => JSON.stringify(a)));
  }, origin);
  return ok({ records });
}
