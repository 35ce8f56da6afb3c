import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { TagRow } from '../../../shared/workspace/rows';
import type { ProjectionDb } from '../../db/projection-db';

/** The workspace's tags by id (deleted ones included, so old clips still show their names). */
export function useTags(db: ProjectionDb | null): Map<string, TagRow> {
  const tags = useLiveQuery(async () => (db ? db.tags.toArray() : []), [db]);
  return useMemo(() => new Map((tags ?? []).map((t) => [t.id, t])), [tags]);
}
