/**
 * History, restore and backups read SQLite's history tables and files (VACUUM INTO), and have no
 * PostgreSQL counterpart yet. With EVIDENT_DATABASE_URL set, the servers' data is in PostgreSQL, so
 * running one of these on the --db file would answer about a database nobody writes to: they refuse,
 * and say what to use instead. The alternatives are PostgreSQL's own tools, which operators of a
 * PostgreSQL server already run, and export/import, which do work on PostgreSQL.
 */
export const POSTGRES_ALTERNATIVES = {
  history:
    'the log and snapshots of the retention window are kept in PostgreSQL (tables updates and snapshots), but listing restore points there is not built yet; ' +
    'to see a workspace as it was, recover the database to that moment with PostgreSQL point-in-time recovery (pg_basebackup plus WAL archiving) on a separate server, ' +
    'and run evident-sync export with EVIDENT_DATABASE_URL pointing at it',
  restore:
    'recover the database to the moment wanted with PostgreSQL point-in-time recovery (pg_basebackup plus WAL archiving) on a separate server, ' +
    'evident-sync export the workspace from it, and evident-sync import that into a new workspace id here',
  backup:
    'back up PostgreSQL with its own tools: pg_dump --format=custom (one consistent copy while the instances run), or pg_basebackup with WAL archiving for point-in-time recovery; ' +
    'one workspace as JSON: evident-sync export',
  'restore-backup':
    'restore a pg_dump with pg_restore into a new database and point EVIDENT_DATABASE_URL at it, or bring back one workspace from an export with evident-sync import',
} as const;

/** Throws (exit code 1) when EVIDENT_DATABASE_URL is set: `command` reads SQLite only. */
export function refuseOnPostgres(command: keyof typeof POSTGRES_ALTERNATIVES): void {
  if (!process.env.EVIDENT_DATABASE_URL) return;
  throw new Error(
    `${command} works on a SQLite database (--db) only, and EVIDENT_DATABASE_URL is set (the servers store in PostgreSQL): ${POSTGRES_ALTERNATIVES[command]}. ` +
      `To ${command} a SQLite file, run it without EVIDENT_DATABASE_URL.`,
  );
}
