import type { Table } from 'dexie';
import { PROJECTED_TABLES, type ProjectionDb } from './projection-db';

export type ProjectedTableName = (typeof PROJECTED_TABLES)[number];

/**
 * Writes projected rows and deletions in one transaction, stamping every written row with the next
 * `seq`. The counter is read and advanced inside the transaction, so two writers never share a value
 * and a reader that remembers the last `seq` it saw misses nothing.
 */
export async function writeProjectionRows(
  db: ProjectionDb,
  puts: Map<ProjectedTableName, object[]>,
  deletes: Map<ProjectedTableName, string[]> = new Map(),
): Promise<number> {
  return db.transaction('rw', [...PROJECTED_TABLES.map((t) => db[t]), db.meta], async () => {
    const current = (await db.meta.get('seq'))?.value;
    const seq = (typeof current === 'number' ? current : 0) + 1;
    for (const [table, rows] of puts) {
      if (rows.length) await (db[table] as Table<object, string>).bulkPut(rows.map((row) => ({ ...row, seq })));
    }
    for (const [table, ids] of deletes) if (ids.length) await db[table].bulkDelete(ids);
    await db.meta.put({ key: 'seq', value: seq });
    return seq;
  });
}
