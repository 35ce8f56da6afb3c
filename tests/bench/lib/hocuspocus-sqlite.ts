/**
 * Hocuspocus's SQLite persistence, as `@hocuspocus/extension-sqlite` 4.7.0 does it, on `node:sqlite`.
 *
 * That extension stores through better-sqlite3, a native module whose prebuilt binaries come from
 * GitHub; where only the npm registry is reachable it compiles from source on every `npm ci`
 * (about 1.5 min on 2 cores) and against whatever Node headers npm's `nodedir` names, so a CI
 * machine can end up with a binary its Node refuses to load. The extension is a thin layer over
 * `@hocuspocus/extension-database` (a `fetch` and a `store`), so this is that layer again with the
 * same schema and statements, and the same SQLite settings: neither sets a pragma, so a file
 * database is in rollback-journal mode with synchronous=FULL (SQLite's defaults, better-sqlite3's too).
 * Both drivers are synchronous: a store blocks Hocuspocus's event loop for its transaction either way.
 * When it stores is the server's business (its `debounce`, 2 s, and `maxDebounce`, 10 s, by default).
 */
import { DatabaseSync } from 'node:sqlite';
import { Database } from '@hocuspocus/extension-database';

const SCHEMA = `CREATE TABLE IF NOT EXISTS "documents" (
  "name" varchar(255) NOT NULL,
  "data" blob NOT NULL,
  UNIQUE(name)
)`;
const SELECT_DOCUMENT = `SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC`;
const UPSERT_DOCUMENT = `INSERT INTO "documents" ("name", "data") VALUES ($name, $data)
    ON CONFLICT(name) DO UPDATE SET data = $data`;

export function sqlitePersistence(path: string): Database {
  const db = new DatabaseSync(path);
  db.exec(SCHEMA);
  const select = db.prepare(SELECT_DOCUMENT);
  const upsert = db.prepare(UPSERT_DOCUMENT);
  return new Database({
    fetch: async ({ documentName }) => {
      const row = select.get({ name: documentName }) as { data: Uint8Array } | undefined;
      return row?.data ?? null;
    },
    store: async ({ documentName, state }) => {
      upsert.run({ name: documentName, data: state });
    },
  });
}
