import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { ROLES, WORKSPACE_ID, type Role } from '../../shared/protocol/sync';
import { secretFromEnv } from '../auth/secret';
import { parseDuration } from '../auth/tokens';
import { openSqliteStore, type SqliteSyncStore } from '../persistence/sqlite-store';

export const DEFAULT_DB = './data/evident.sqlite';

/** Wrong input on the command line: exit code 2, the message names the flag and the value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Flags = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** One `evident-sync <name>` command; cli.ts parses its flags with `options` and calls `run`. */
export interface Command {
  name: string;
  /** The flags, as the usage text shows them. */
  synopsis: string;
  summary: string;
  options: ParseArgsOptionsConfig;
  run(flags: Flags, io: Io): Promise<number>;
}

export const dbOption = { db: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

export function stringFlag(flags: Flags, name: string, fallback?: string): string {
  const value = flags[name] ?? fallback;
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name}`);
  return value;
}

export function workspaceFlag(flags: Flags, name = 'workspace'): string {
  const value = stringFlag(flags, name);
  const parsed = WORKSPACE_ID.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${name} "${value}" is not a workspace id: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export function roleFlag(flags: Flags): Role {
  const value = stringFlag(flags, 'role');
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role "${value}" is not one of ${ROLES.join(', ')}`);
  return value as Role;
}

export function durationFlag(flags: Flags, name: string, fallback: string): number {
  const value = stringFlag(flags, name, fallback);
  const seconds = parseDuration(value);
  if (!seconds.ok) throw new UsageError(`--${name}: ${seconds.error}`);
  return seconds.value;
}

export function portFlag(flags: Flags, fallback: string): number {
  const value = stringFlag(flags, 'port', fallback);
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port "${value}" is not a port number (0–65535)`);
  return port;
}

/**
 * Opens the database named by --db (or EVIDENT_DB, as the server reads it). `create` is for commands that start a database (serve, invite,
 * import); the others refuse a missing file, since a typo would otherwise export or revoke against
 * an empty new database. The secret comes from EVIDENT_SECRET when set.
 */
export function openStoreAt(flags: Flags, { create }: { create: boolean }): { store: SqliteSyncStore; path: string } {
  const path = stringFlag(flags, 'db', process.env.EVIDENT_DB || DEFAULT_DB);
  if (create) mkdirSync(dirname(resolve(path)), { recursive: true });
  else if (!existsSync(path)) throw new Error(`no database at ${path} (--db)`);
  return { store: openSqliteStore(path, { secretFromEnv: secretFromEnv() }), path };
}

/** Runs `work` with the store open, closing it however `work` ends. */
export async function withStore<T>(flags: Flags, create: boolean, work: (store: SqliteSyncStore, path: string) => Promise<T> | T): Promise<T> {
  const { store, path } = openStoreAt(flags, { create });
  try {
    return await work(store, path);
  } finally {
    store.close();
  }
}
