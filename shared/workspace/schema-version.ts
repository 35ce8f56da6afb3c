import type * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import { WORKSPACE_SCHEMA_VERSION, metaOf } from './layout';

/**
 * Doc-level migrations, applied when a workspace is opened. Index i takes version i + 1 to i + 2.
 * Record-level changes live with each record type in shared/schema; this list is for changes to the
 * layout itself (moving or renaming root types).
 */
const DOC_MIGRATIONS: Array<(doc: Y.Doc) => void> = [
  // 1 → 2 (provenance): a `snapshots` root map, created when first written. Records move to their new
  // versions (Source v2, Evidence v2) as they are read, through their own migrations; rewriting every
  // record here would have each replica write the same change at once.
  () => {},
];

if (DOC_MIGRATIONS.length !== WORKSPACE_SCHEMA_VERSION - 1) {
  throw new Error(`workspace layout v${WORKSPACE_SCHEMA_VERSION} needs ${WORKSPACE_SCHEMA_VERSION - 1} migrations`);
}

/**
 * Brings a loaded workspace doc to the current layout version. A doc written by a newer Evident is
 * refused with its version named, never reset (fail loudly on the unknown).
 */
export function migrateWorkspaceDoc(doc: Y.Doc, workspaceId: string, origin?: unknown): Result<number, string> {
  const meta = metaOf(doc);
  const stored = meta.get('schemaVersion');
  if (stored !== undefined && (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1)) {
    return err(`workspace ${workspaceId}: invalid schemaVersion ${JSON.stringify(stored)}`);
  }
  const from = (stored as number | undefined) ?? WORKSPACE_SCHEMA_VERSION;
  if (from > WORKSPACE_SCHEMA_VERSION) {
    return err(
      `workspace ${workspaceId} has layout version ${from}, newer than this Evident understands ` +
        `(${WORKSPACE_SCHEMA_VERSION}); update Evident`,
    );
  }
  doc.transact(() => {
    for (let v = from; v < WORKSPACE_SCHEMA_VERSION; v++) DOC_MIGRATIONS[v - 1]!(doc);
    if (meta.get('schemaVersion') !== WORKSPACE_SCHEMA_VERSION) meta.set('schemaVersion', WORKSPACE_SCHEMA_VERSION);
    if (meta.get('workspaceId') === undefined) meta.set('workspaceId', workspaceId);
  }, origin);
  return ok(WORKSPACE_SCHEMA_VERSION);
}
