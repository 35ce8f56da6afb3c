import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

const TextQuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1),
  prefix: z.string(),
  suffix: z.string(),
});
const TextPositionSelector = z.object({
  type: z.literal('TextPositionSelector'),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

/** Where the clip sits in its source (W3C Web Annotation selectors plus paragraph number or PDF page). */
export const Anchor = z.object({
  quote: TextQuoteSelector,
  position: TextPositionSelector,
  paragraph: z.string().nullable(),
  page: z.number().int().positive().optional(),
  /** Typed in by hand with its page number (a scanned PDF has no text to select). */
  manual: z.literal(true).optional(),
});

export const EVIDENCE_STATUSES = ['draft', 'verified', 'approved'] as const;
export const ASSESSMENTS = ['delivery', 'impact', 'concern', 'context'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];
export type Assessment = (typeof ASSESSMENTS)[number];

/** A link from a clip to a plan action, with what the clip shows about it. */
export const EvidenceLink = z.object({
  actionId: z.string(),
  assessment: z.enum(ASSESSMENTS).nullable(),
  linkedAt: IsoDateTime,
  linkedBy: Actor,
});

/**
 * A clipped passage. The capture (anchor, context, who and when) never changes after the clip is made;
 * note, tags, links and status are edited by the team and merge field by field (see shared/workspace).
 */
export const EvidenceV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^ev_/),
  sourceId: z.string(),
  anchor: Anchor,
  /** A little more of the surrounding text than the selectors keep, for reading the clip in context. */
  contextBefore: z.string(),
  contextAfter: z.string(),
  note: z.string(),
  tagIds: z.array(z.string()),
  links: z.array(EvidenceLink),
  status: z.enum(EVIDENCE_STATUSES),
  statusChangedAt: IsoDateTime.nullable(),
  statusChangedBy: Actor.nullable(),
  createdAt: IsoDateTime,
  createdBy: Actor,
  deletedAt: IsoDateTime.nullable(),
  deletedBy: Actor.nullable(),
});

/** Where a clip's quote sits in its source's snapshot text (UTF-16 offsets, as JavaScript strings count). */
export const SnapshotSpan = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((span) => span.end > span.start, 'a snapshot span must end after it starts');

/**
 * Version 2 (provenance): `snapshotSpan`, the clip's place in the text snapshot kept of its source
 * when the source was first clipped. Null for clips made before snapshots were kept, and for a
 * passage Evident could not find in the snapshot (a page changed between two clips).
 */
export const EvidenceV2 = EvidenceV1.extend({
  v: z.literal(2),
  snapshotSpan: SnapshotSpan.nullable(),
});
export type Evidence = z.infer<typeof EvidenceV2>;
export type Anchor = z.infer<typeof Anchor>;
export type EvidenceLink = z.infer<typeof EvidenceLink>;
export type SnapshotSpan = z.infer<typeof SnapshotSpan>;

export const EvidenceRecord = defineRecordType({
  name: 'Evidence',
  version: 2,
  schema: EvidenceV2,
  migrations: [{ to: 2, up: (r) => ({ ...r, snapshotSpan: null }) }],
});
