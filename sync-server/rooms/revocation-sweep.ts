import { CLOSE_UNAUTHORIZED } from '../../shared/protocol/sync';
import type { Logger } from '../log';
import type { SyncStore } from '../persistence/types';
import type { Connection } from './connection';

export interface RevocationSweepDeps {
  store: Pick<SyncStore, 'isRevoked'>;
  /**
   * Run before each sweep, when given: on PostgreSQL, reads the revocations other instances (or the
   * CLI) made since the last one, so `isRevoked` sees them (auth/revocation-cache.ts).
   */
  refresh?: () => Promise<void>;
  /** Every open connection, in every loaded room. */
  connections: () => Iterable<Connection>;
  intervalMs: number;
  log: Logger;
  /** Unix milliseconds (a test's clock). */
  now?: () => number;
}

export interface RevocationSweep {
  /** Checks every connection once; returns how many it closed. */
  sweep(): number;
  stop(): void;
}

/**
 * A token is checked once, at the upgrade; a socket it opened would otherwise outlive its
 * revocation or expiry. Every `intervalMs` this closes each connection whose token has been revoked
 * since (`evident-sync revoke` writes the revocation from another process; WAL shows it to the
 * server's next read) or has expired, with 4401, so the client stops retrying and says why.
 */
export function startRevocationSweep({ store, refresh, connections, intervalMs, log, now = Date.now }: RevocationSweepDeps): RevocationSweep {
  const sweep = (): number => {
    // As jose decides at the upgrade: expired once `exp` is at or before the current whole second.
    const nowSeconds = Math.floor(now() / 1000);
    const isRevoked = new Map<string, boolean>(); // one query per token, however many sockets use it
    let closed = 0;
    for (const conn of [...connections()]) {
      if (!conn.isOpen) continue;
      const { jti, exp, ws } = conn.claims;
      if (!isRevoked.has(jti)) isRevoked.set(jti, store.isRevoked(jti));
      const reason = isRevoked.get(jti) ? 'invite revoked' : exp <= nowSeconds ? 'invite expired' : null;
      if (reason === null) continue;
      log.info({ workspace: ws, jti, reason }, 'closing socket');
      conn.close(CLOSE_UNAUTHORIZED, reason);
      closed++;
    }
    return closed;
  };
  const sweepLogged = () => {
    try {
      sweep();
    } catch (error) {
      // E.g. the database busy past its timeout: the sockets stay until the next sweep.
      log.error({ error: String(error) }, 'revocation sweep failed');
    }
  };
  const timer = setInterval(() => {
    if (!refresh) return sweepLogged();
    // The database unreachable: swept against what was read before (expiries still close sockets).
    refresh().then(sweepLogged, (error: unknown) => {
      log.warn({ error: String(error) }, 'revocations could not be read; sweeping with those read before');
      sweepLogged();
    });
  }, intervalMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
