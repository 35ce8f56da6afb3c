import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

/** A tag of the workspace's shared taxonomy. */
export const TagV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^tag_/),
  name: z.string().min(1).max(80),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'expected a colour like #1d70b8'),
  createdAt: IsoDateTime,
  createdBy: Actor,
  deletedAt: IsoDateTime.nullable(),
  /** Set when this tag was merged into another: its clips now carry that one. */
  mergedIntoId: z.string().nullable(),
});
export type Tag = z.infer<typeof TagV1>;

export const TagRecord = defineRecordType({ name: 'Tag', version: 1, schema: TagV1, migrations: [] });
