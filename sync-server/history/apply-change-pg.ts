import type * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';
import { docFromStoredState } from '../persistence/doc-from-store';
import { announceCommit } from '../fanout/announce-commit';
import type { PgSyncStore } from '../persistence/pg/types';
import { alreadyExists, changeOf, type Applied, type WorkspaceChanger } from './apply-change';

/**
 * applyWorkspaceChange on PostgreSQL: the change, made on the workspace as stored, is committed as
 * ONE new update, only if the document's last seq has not moved since it was read (checked under the
 * head row's lock, in the commit's transaction), so it is stored whole or not at all and never
 * under a commit it did not see. No server is joined: instances share the log. With `redisUrl` the
 * commit is announced on the document's stream as an instance's own would be, and instances with
 * the workspace loaded send it to their clients at once; otherwise (or if Redis does not answer)
 * they find the new row at their next comparison of heads (fanout/head-watch.ts, within about 10 s).
 */
export async function applyWorkspaceChangeOnPg<T>(
  store: PgSyncStore,
  workspace: string,
  change: (doc: Y.Doc) => T,
  { mustBeNew, redisUrl }: { mustBeNew: boolean; redisUrl?: string },
): Promise<Result<Applied<T>, string>> {
  const stored = await store.loadDoc(workspace);
  if (mustBeNew && stored.lastSeq > 0) return err(alreadyExists(workspace));
  const doc = docFromStoredState(stored);
  try {
    const { result, update } = changeOf(doc, change);
    if (!update) return ok({ result, update, via: 'shared-log' });
    const committed = await store.appendUpdateIf(workspace, update, stored.lastSeq);
    if (committed === null) {
      return err(`workspace ${workspace} changed while the change was being prepared; nothing was written, run the command again`);
    }
    if (!redisUrl) return ok({ result, update, via: 'shared-log' });
    const unannounced = await announceCommit(redisUrl, store, { workspace, seq: committed.seq, update });
    return ok({ result, update, via: unannounced === null ? 'shared-log+stream' : 'shared-log', unannounced: unannounced ?? undefined });
  } finally {
    doc.destroy();
  }
}

/** applyWorkspaceChangeOnPg on this store, as a WorkspaceChanger (announced over Redis when EVIDENT_REDIS_URL is set). */
export const pgChanger =
  (store: PgSyncStore, redisUrl: string | undefined): WorkspaceChanger =>
  (workspace, change, { mustBeNew }) =>
    applyWorkspaceChangeOnPg(store, workspace, change, { mustBeNew, redisUrl });
