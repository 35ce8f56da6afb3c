import type { PgSyncStore } from '../persistence/pg/types';

export interface RevocationCache {
  /** Whether the invite was revoked, as of the last refresh (a lookup: the checks that call it are synchronous). */
  isRevoked(jti: string): boolean;
  /** Reads the revocations recorded since the last refresh, by any instance. Rejects if the database does not answer (the set is kept). */
  refresh(): Promise<void>;
}

/**
 * Revocations are written to PostgreSQL by whichever instance or command revokes; every instance
 * must close the revoked invite's sockets. The checks (the upgrade, the periodic sweep) ask
 * synchronously, as they do of SQLite, so each instance keeps the revoked ids in memory and reads
 * the new ones before each sweep: a revocation on one instance closes its sockets on the others
 * within the sweep's interval, and an upgrade sees it at most that late. Revocations are never
 * deleted, so the set only grows (one id per revoked invite).
 */
export async function loadRevocations(store: Pick<PgSyncStore, 'revocationsSince'>): Promise<RevocationCache> {
  const revoked = new Set<string>();
  let newestSeen = 0;
  // Instances stamp revocations with their own clocks: a minute's overlap covers a skewed one.
  const CLOCK_SKEW_MS = 60_000;
  const refresh = async () => {
    for (const { jti, at } of await store.revocationsSince(Math.max(0, newestSeen - CLOCK_SKEW_MS))) {
      revoked.add(jti);
      if (at > newestSeen) newestSeen = at;
    }
  };
  await refresh();
  return { isRevoked: (jti) => revoked.has(jti), refresh };
}
