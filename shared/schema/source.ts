import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { PageMetadata } from './page-metadata';
import { defineRecordType } from './versioned';

/** A document evidence was clipped from: a web page (later also a PDF), with what Evident read off it. */
export const SourceV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^src_/),
  kind: z.enum(['web', 'pdf']),
  /** The address the user saw. */
  url: z.string().min(1),
  /** The page's own canonical address, when it declares one. */
  canonicalUrl: z.string().nullable(),
  /** The page's title as the browser showed it. */
  pageTitle: z.string(),
  metadata: PageMetadata,
  capturedAt: IsoDateTime,
  capturedBy: Actor,
});
export type Source = z.infer<typeof SourceV1>;

export const SourceRecord = defineRecordType({ name: 'Source', version: 1, schema: SourceV1, migrations: [] });
