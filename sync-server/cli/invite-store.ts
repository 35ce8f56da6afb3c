import { secretFromEnv } from '../auth/secret';
import { redactDatabaseUrl } from '../persistence/pg/database-url';
import { openPgStore } from '../persistence/pg/pg-store';
import { withStore, type Flags } from './args';

/** What `invite` and `revoke` need, from SQLite or PostgreSQL alike. */
export interface InviteStore {
  secret(): Promise<Uint8Array>;
  recordInvite(invite: { jti: string; workspace: string; role: string; expiresAt: number }): Promise<void>;
  invites(): Promise<Array<{ jti: string; workspace: string; role: string }>>;
  revoke(jti: string, reason: string): Promise<void>;
}

/**
 * The invite tables the servers read: PostgreSQL when EVIDENT_DATABASE_URL is set (several
 * instances share it, and each closes a revoked invite's sockets within its revocation sweep), else
 * the SQLite file of --db. `where` names it for the command's output (a URL without its password).
 */
export async function withInviteStore<T>(flags: Flags, create: boolean, work: (store: InviteStore, where: string) => Promise<T>): Promise<T> {
  const databaseUrl = process.env.EVIDENT_DATABASE_URL;
  if (databaseUrl) {
    const store = await openPgStore(databaseUrl, { secretFromEnv: secretFromEnv(), max: 1 });
    try {
      return await work(store, redactDatabaseUrl(new URL(databaseUrl)));
    } finally {
      await store.close();
    }
  }
  return withStore(flags, create, (store, path) =>
    work(
      {
        secret: async () => store.secret(),
        recordInvite: async (invite) => store.recordInvite(invite),
        invites: async () => store.invites(),
        revoke: async (jti, reason) => store.revoke(jti, reason),
      },
      path,
    ),
  );
}
