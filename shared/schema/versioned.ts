import type { z } from 'zod';
import { err, ok, type Result } from '../result';

/**
 * A record type whose stored shape outlives a release (after tldraw `records/TLDocument.ts`
 * and `store/src/lib/migrate.ts`). Stored records carry `v`; versions start at 1 and step by 1; each
 * migration is a pure function on a plain object taking version n to n + 1, so the server can upgrade
 * stored data with the same code. Reading a newer version than this code knows is an error naming the
 * version, never a silent reset.
 */
export interface Migration {
  /** The version this migration produces. */
  to: number;
  up: (record: Record<string, unknown>) => Record<string, unknown>;
}

export interface RecordType<T extends { v: number }> {
  name: string;
  version: number;
  schema: z.ZodType<T>;
  /** Migrates a stored record to the current version and validates it. */
  parse(raw: unknown): Result<T, string>;
}

export function defineRecordType<T extends { v: number }>(options: {
  name: string;
  version: number;
  schema: z.ZodType<T>;
  migrations: Migration[];
}): RecordType<T> {
  const { name, version, schema, migrations } = options;
  if (!Number.isInteger(version) || version < 1) throw new Error(`${name}: version must be an integer >= 1`);
  if (migrations.length !== version - 1) {
    throw new Error(`${name}: version ${version} needs ${version - 1} migrations, has ${migrations.length}`);
  }
  migrations.forEach((m, i) => {
    if (m.to !== i + 2) throw new Error(`${name}: migration ${i} must produce version ${i + 2}, says ${m.to}`);
  });

  function parse(raw: unknown): Result<T, string> {
    if (typeof raw !== 'object' || raw === null) return err(`${name}: expected an object, got ${typeof raw}`);
    let record = raw as Record<string, unknown>;
    const from = record.v;
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
      return err(`${name}: missing or invalid version "v" (${JSON.stringify(from)})`);
    }
    if (from > version) {
      return err(`${name}: stored version ${from} is newer than this Evident understands (${version}); update Evident`);
    }
    for (let v = from; v < version; v++) {
      try {
        record = { ...migrations[v - 1]!.up(record), v: v + 1 };
      } catch (e) {
        return err(`${name}: migration from version ${v} to ${v + 1} failed: ${(e as Error).message}`);
      }
    }
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return err(`${name} ${String(record.id ?? '')}: field "${issue.path.join('.')}" ${issue.message}`);
    }
    return ok(parsed.data);
  }

  return { name, version, schema, parse };
}
