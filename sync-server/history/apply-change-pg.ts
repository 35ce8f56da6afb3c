import type * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';
import { docFromStoredState } from '../persistence/doc-from-store';
import type { PgSyncStore } from '../persistence/pg/types';
import { alreadyExists, changeOf, type Applied } from './apply-change';

/**
 * applyWorkspaceChange on PostgreSQL: the change, made on the workspace as stored, is committed as
 * ONE new update, only if the document's last seq has not moved since it was read (checked under the
 * head row's lock, in the commit's transaction), so it is stored whole or not at all and never
 * under a commit it did not see. No server is joined: instances share the log, and one with the
 * workspace loaded finds the new row by seq (its next fan-out entry shows a gap, or its periodic
 * comparison of heads does, within about 10 s) and sends it to its clients.
 */
export async function applyWorkspaceChangeOnPg<T>(
  store: PgSyncStore,
  workspace: string,
  change: (doc: Y.Doc) => T,
  { mustBeNew }: { mustBeNew: boolean },
): Promise<Result<Applied<T>, string>> {
  const stored = await store.loadDoc(workspace);
  if (mustBeNew && stored.lastSeq > 0) return err(alreadyExists(workspace));
  const doc = docFromStoredState(stored);
  try {
    const { result, update } = changeOf(doc, change);
    if (!update) return ok({ result, update, via: 'database' });
    if ((await store.appendUpdateIf(workspace, update, stored.lastSeq)) === null) {
      return err(`workspace ${workspace} changed while the change was being prepared; nothing was written, run the command again`);
    }
    return ok({ result, update, via: 'database' });
  } finally {
    doc.destroy();
  }
}
