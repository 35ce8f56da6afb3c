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
  /** What the page that linked to the document said about it, kept as it was read. */
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

/** Citation fields a person may correct, once per source, for the whole team. */
export const CORRECTABLE_FIELDS = [
  'title', 'publisher', 'subject_local_authority', 'document_type', 'committee', 'meeting_date', 'publication_date', 'agenda_item',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** Where Evident read a field and how sure it is (shared/extract/field-sources.ts). */
export const FieldSourceSchema = z.object({ from: z.string().max(200), confidence: z.enum(['high', 'medium', 'low']) });

/** A person's correction of one field: the value the team sees instead of what Evident read. */
export const FieldCorrection = z.object({ value: z.unknown(), at: IsoDateTime, by: Actor });
export type FieldCorrection = z.infer<typeof FieldCorrection>;

/**
 * Version 3 (citations people can trust): `fieldSources`, where each metadata field was read and how
 * sure Evident is; `corrections`, what teammates corrected (stored in the doc as one `correction:<field>`
 * key each, so two people correcting two fields at once both win). `metadata` stays what was read.
 */
export const SourceV3 = SourceV2.extend({
  v: z.literal(3),
  fieldSources: z.record(z.string(), FieldSourceSchema),
  corrections: z.partialRecord(z.enum(CORRECTABLE_FIELDS), FieldCorrection),
}).superRefine((source, ctx) => {
  for (const [field, correction] of Object.entries(source.corrections)) {
    const checked = PageMetadata.shape[field as CorrectableField].safeParse(correction?.value);
    if (!checked.success) ctx.addIssue({ code: 'custom', path: ['corrections', field], message: `is not a valid ${field}` });
  }
});
export type Source = z.infer<typeof SourceV3>;

export const SourceRecord = defineRecordType({
  name: 'Source',
  version: 3,
  schema: SourceV3,
  migrations: [
    {
      to: 2,
      // A PDF was always named by the SHA-256 of its bytes; a web page had no snapshot to hash.
      up: (r) => ({ ...r, sha256: (r.pdf as { sha256?: unknown } | null)?.sha256 ?? null, snapshotAt: null }),
    },
    // Sources read before fields said where they came from have none; corrections come from the doc's keys.
    { to: 3, up: (r) => ({ ...r, fieldSources: r.fieldSources ?? {}, corrections: r.corrections ?? {} }) },
  ],
});
