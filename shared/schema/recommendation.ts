import { z } from 'zod';
import { Actor, IsoDateTime } from './actor';
import { defineRecordType } from './versioned';

/** An Ofsted area for improvement as a section of the council's improvement plan. */
export const RecommendationV1 = z.object({
  v: z.literal(1),
  id: z.string().regex(/^rec_/),
  planId: z.string(),
  /** The plan's own numbering as written ("3"). */
  reference: z.string(),
  text: z.string().min(1),
  /** Paragraph of the Ofsted report the recommendation comes from, when known. */
  ofstedParagraph: z.string().nullable(),
  sourceId: z.string().nullable(),
  order: z.number(),
  createdAt: IsoDateTime,
  createdBy: Actor,
  archivedAt: IsoDateTime.nullable(),
});
export type Recommendation = z.infer<typeof RecommendationV1>;

export const RecommendationRecord = defineRecordType({
  name: 'Recommendation',
  version: 1,
  schema: RecommendationV1,
  migrations: [],
});
