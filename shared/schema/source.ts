import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { PageMetadata } from './page-metadata';
import { defineRecordType } from './versioned';

/**
 * A PDF's identity: the SHA-256 of its bytes (what it is) and pdf.js's fingerprints (kept, but they
 * can collide between versions of a file, so they do not name it).
 */
export const PdfIdentity = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in lower-case hex'),
  fingerprints: z.array(z.string().max(64)).max(4),
  pageCount: z.number().int().positive(),
});
export type PdfIdentity = z.infer<typeof PdfIdentity>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in lower-case hex');

/** A document evidence was clipped from: a web page or a PDF, with what Evident read off it. */
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
  /** For PDFs: what the file is (its id is derived from the SHA-256, not the address). */
  pdf: PdfIdentity.nullable().default(null),
  /** What the page that linked to the document said about it (issue #5), kept as it was read. */
  linkContext: z.record(z.string(), z.unknown()).nullable().default(null),
  capturedAt: IsoDateTime,
  capturedBy: Actor,
});

/**
 * Version 2 (provenance): what the document was when it was first clipped. `sha256` names its content
 * (a PDF's bytes; a web page's snapshot text, UTF-8) and `snapshotAt` says when that text snapshot was
 * kept (the text itself is in the doc's `snapshots` map, see shared/workspace/snapshots.ts). Sources
 * clipped before version 2 have no snapshot: `snapshotAt` null, and `sha256` only for PDFs.
 */
export const SourceV2 = SourceV1.extend({
  v: z.literal(2),
  sha256: Sha256Hex.nullable(),
  snapshotAt: IsoDateTime.nullable(),
});
export type Source = z.infer<typeof SourceV2>;

export const SourceRecord = defineRecordType({
  name: 'Source',
  version: 2,
  schema: SourceV2,
  migrations: [
    {
      to: 2,
      // A PDF was always named by the SHA-256 of its bytes; a web page had no snapshot to hash.
      up: (r) => ({ ...r, sha256: (r.pdf as { sha256?: unknown } | null)?.sha256 ?? null, snapshotAt: null }),
    },
  ],
});
