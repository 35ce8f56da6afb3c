import { DatabaseUrlError, openPgPool } from '../persistence/pg/database-url';
import { migrate as migratePg, schemaVersion } from '../persistence/pg/migrations';
import type { Command } from './args';

/**
 * Brings the PostgreSQL schema (EVIDENT_DATABASE_URL) up to this build's version, once, before
 * instances of a new release start (they would also do it when they open the database, under the
 * same advisory lock; running it first keeps a slow step out of their start). A schema newer than
 * this build is refused, naming both versions.
 */
export const migrateCommand: Command = {
  name: 'migrate',
  synopsis: '',
  summary: 'Bring the PostgreSQL schema at EVIDENT_DATABASE_URL up to date (the SQLite file upgrades itself when opened).',
  options: {},
  async run(_flags, io) {
    const url = process.env.EVIDENT_DATABASE_URL;
    if (!url) throw new DatabaseUrlError('EVIDENT_DATABASE_URL is not set: migrate applies to the PostgreSQL schema (postgres://user:password@host:5432/database)');
    const pool = await openPgPool(url);
    try {
      const from = await schemaVersion(pool);
      const to = await migratePg(pool);
      io.out(from === to ? `PostgreSQL schema already at version ${to}` : `PostgreSQL schema migrated from version ${from} to ${to}`);
      return 0;
    } finally {
      await pool.end();
    }
  },
};
