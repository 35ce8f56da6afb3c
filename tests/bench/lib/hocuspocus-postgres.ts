/**
 * Hocuspocus's persistence on PostgreSQL for the scale-out benchmark: `@hocuspocus/extension-database`
 * (a `fetch` and a `store`) with the same table and statements as its SQLite extension
 * (lib/hocuspocus-sqlite.ts), on `pg`. Every instance of a pair stores the whole document to the one
 * shared table; when is Hocuspocus's business (2 s debounce, 10 s at most, after broadcasting).
 */
import { Database } from '@hocuspocus/extension-database';
import pg from 'pg';

const SCHEMA = `CREATE TABLE IF NOT EXISTS documents (
  name varchar(255) NOT NULL PRIMARY KEY,
  data bytea NOT NULL
)`;

export async function postgresPersistence(databaseUrl: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  await pool.query(SCHEMA);
  return new Database({
    fetch: async ({ documentName }) => {
      const { rows } = await pool.query('SELECT data FROM documents WHERE name = $1', [documentName]);
      return rows.length ? new Uint8Array(rows[0].data as Buffer) : null;
    },
    store: async ({ documentName, state }) => {
      await pool.query('INSERT INTO documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data', [documentName, state]);
    },
  });
}
