import { ok, type Result } from '../../shared/result';
import { changesAfter } from './server-state';
import { connectionFor, sessionFor } from './sessions';

export interface PendingChanges {
  /** This browser's changes the server has not confirmed storing. */
  unconfirmed: number;
  /** 'now': the server was just asked; 'last connection': what it said when it last connected; 'never': it never answered. */
  checked: 'now' | 'last connection' | 'never';
}

/**
 * How many of a workspace's changes the server has not confirmed: those after the state the server
 * last said it had (sync step 1). With `ask`, a fresh handshake asks it now (a few seconds at most).
 */
export async function unconfirmedChanges(workspaceId: string, { ask }: { ask: boolean }): Promise<Result<PendingChanges, string>> {
  const doc = await sessionFor(workspaceId).readDoc();
  if (!doc.ok) return doc;
  const connection = connectionFor(workspaceId);
  const known = connection && ask ? await connection.refreshServerState() : { vector: connection?.serverStateVector ?? null, fresh: false };
  return ok({
    unconfirmed: changesAfter(doc.value, known.vector),
    checked: known.fresh ? 'now' : known.vector ? 'last connection' : 'never',
  });
}
