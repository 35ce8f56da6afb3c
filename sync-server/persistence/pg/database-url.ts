import type pg from 'pg';

/** EVIDENT_DATABASE_URL that cannot be used: the message names the setting and the URL (password hidden) and says why. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

const SETTING = 'EVIDENT_DATABASE_URL';

/** The URL as it may be printed: any password replaced by ***. */
export function redactDatabaseUrl(url: URL): string {
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

/** Checks the shape of a database URL before anything connects: postgres:// or postgresql://, with a host and a database. */
export function parseDatabaseUrl(value: string): { ok: true; url: URL } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed back: a malformed URL may still hold a password.
    return { ok: false, error: `${SETTING} is not a URL (expected postgres://user:password@host:5432/database)` };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return { ok: false, error: `${SETTING} (${redactDatabaseUrl(url)}) is not a PostgreSQL URL: it must start with postgres:// or postgresql://` };
  }
  // A Unix socket is given as ?host=/path, with the URL's host left empty.
  if (!url.hostname && !url.searchParams.get('host')) {
    return { ok: false, error: `${SETTING} (${redactDatabaseUrl(url)}) names no host` };
  }
  if (url.pathname.length <= 1) {
    return { ok: false, error: `${SETTING} (${redactDatabaseUrl(url)}) names no database (…/database at its end)` };
  }
  return { ok: true, url };
}

export interface PgPoolOptions {
  /** Connections this instance keeps at most. Default 10. */
  max?: number;
  /** How long a connection attempt may take before the call using it fails. Default 5 s. */
  connectionTimeoutMs?: number;
  /**
   * How long one query may take before the call fails (the connection is then dropped). Default 10 s:
   * a database that stops answering (a network partition) must fail commits, so that nothing is
   * acknowledged and writers are told to retry, rather than hold every room's writes forever.
   */
  queryTimeoutMs?: number;
  /** An idle connection broke (the server restarted, the network dropped it): the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

/**
 * A pool on `value` (EVIDENT_DATABASE_URL), checked by connecting once: a URL that cannot be used
 * throws DatabaseUrlError saying why (malformed, refused, unknown database, bad password), at start
 * rather than at the first commit.
 */
export async function openPgPool(value: string, options: PgPoolOptions = {}): Promise<pg.Pool> {
  const parsed = parseDatabaseUrl(value);
  if (!parsed.ok) throw new DatabaseUrlError(parsed.error);
  // Loaded here: config.ts checks the URL's shape with this module, and SQLite users never need pg.
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({
    connectionString: value,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 10_000,
    application_name: 'evident-sync',
  });
  // Without a listener, an idle connection's error (a PostgreSQL restart) would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  // So would a checked-out one's (a transaction in flight when the server goes): pg emits 'error' on
  // the client as well as failing its query, and the pool listens only while the client is idle. The
  // query's own failure is what the caller handles; this only keeps the process up.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUrlError(`${SETTING} (${redactDatabaseUrl(parsed.url)}): cannot connect: ${(e as Error).message}`);
  }
  return pool;
}
