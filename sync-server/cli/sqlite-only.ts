/**
 * Backups are SQLite files (VACUUM INTO). With EVIDENT_DATABASE_URL set, the servers' data is in
 * PostgreSQL, so backing up the --db file would copy a database nobody writes to: `backup` and
 * `restore-backup` refuse, and say what to use instead: PostgreSQL's own tools, which operators of a
 * PostgreSQL server already run (consistent while instances write, point-in-time recovery), and
 * export/import, which work on PostgreSQL. `history` and `restore` read PostgreSQL's own history.
 */
export const POSTGRES_ALTERNATIVES = {
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
