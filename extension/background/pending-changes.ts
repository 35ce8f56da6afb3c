import { ok, type Result } from '../../shared/result';
import { changesAfter, confirmedStateVector } from './server-state';
import { connectionFor, sessionFor } from './sessions';

export interface PendingChanges {
  /** This browser's changes the server has not confirmed storing. */
  unconfirmed: number;
  /** 'now': the server has just said; 'last connection': what it said when it last answered; 'never': it never answered. */
  checked: 'now' | 'last connection' | 'never';
}

/**
 * How many of a workspace's changes the server has not confirmed storing: those after what it last
 * said it stores (its stored reports, else its handshake). With `ask`, unless the server has just
 * confirmed everything, a fresh handshake asks it now (a few seconds at most).
 */
export async function unconfirmedChanges(workspaceId: string, { ask }: { ask: boolean }): Promise<Result<PendingChanges, string>> {
  const doc = await sessionFor(workspaceId).readDoc();
  if (!doc.ok) return doc;
  const connection = connectionFor(workspaceId);
  if (connection?.isAllStored) return ok({ unconfirmed: 0, checked: 'now' });
  const handshake = connection && ask ? await connection.refreshServerState() : { vector: connection?.serverStateVector ?? null, fresh: false };
  const confirmed = confirmedStateVector(handshake.vector, connection?.storedStateVector ?? new Map());
  return ok({
    unconfirmed: changesAfter(doc.value, confirmed),
    checked: handshake.fresh ? 'now' : confirmed ? 'last connection' : 'never',
  });
}
