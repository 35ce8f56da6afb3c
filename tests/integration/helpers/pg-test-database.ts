import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer, type PostgresServerOptions } from './postgres-server';

/**
 * One PostgreSQL server for the calling test file, started before its tests and removed after
 * (a test file's beforeAll fails, with the reason, if it cannot start). Each test takes a fresh
 * database from it with `freshDatabase()`.
 */
export function usePostgresServer(options: PostgresServerOptions = {}) {
  let server: PostgresServer | null = null;
  beforeAll(async () => {
    server = await startPostgres(options);
    console.info(`PostgreSQL test server on ${server.url}: initdb ${server.startupMs.initdb} ms, start ${server.startupMs.start} ms`);
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
  });
  const running = () => {
    if (!server) throw new Error('the PostgreSQL test server is not running (see the beforeAll failure above)');
    return server;
  };
  return {
    server: running,
    freshDatabase: () => running().createDatabase(`test_${Math.random().toString(36).slice(2, 10)}`),
  };
}

/** Rows of one query on `url`, read with a connection of its own (as an operator's psql would). */
export async function queryRows<T extends Record<string, unknown> = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
