import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

/** The most text a snapshot keeps: a 300-page report is about 1.5 million characters. */
export const SNAPSHOT_MAX_CHARS = 5_000_000;

/**
 * The text of a source as it was when it was first clipped, so a reader of an evidence pack can see
 * a quote in its surroundings and check it offline. For a web page, the page's main text (blocks on
 * their own lines); for a PDF, the text of every page in order, `pageStarts[i]` being where page i + 1
 * begins. `sha256` is the source's (a PDF's bytes, a web page's text as UTF-8): see Source v2.
 * Kept once per source, in the doc's `snapshots` map, never changed.
 */
export const SourceSnapshotV1 = z.object({
  v: z.literal(1),
  sourceId: z.string().regex(/^src_/),
  kind: z.enum(['web', 'pdf']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in lower-case hex'),
  text: z.string().max(SNAPSHOT_MAX_CHARS),
  pageStarts: z.array(z.number().int().nonnegative()).max(10_000).nullable(),
  takenAt: IsoDateTime,
  takenBy: Actor,
});
export type SourceSnapshot = z.infer<typeof SourceSnapshotV1>;

export const SourceSnapshotRecord = defineRecordType({
  name: 'SourceSnapshot',
  version: 1,
  schema: SourceSnapshotV1,
  migrations: [],
});
