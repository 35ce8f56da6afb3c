import type { AssessmentKey } from '../../../coverage/types';
import type { PackClip, PackModel } from '../../types';
import { matchesAll } from './search';

/** What the reader has asked to see. Empty strings and nulls narrow nothing. */
export interface FilterState {
  /** Folded query terms (search.ts queryTerms); empty: no search. */
  terms: string[];
  assessment: AssessmentKey | null;
  status: PackClip['status'] | null;
  /** A tag id, or NO_TAG for clips with none. */
  tagId: string | null;
  /** A source's publisher as publisherOf names it. */
  publisher: string | null;
  sourceId: string | null;
  /** ISO days, inclusive, on the clip's evidence date. */
  dateFrom: string | null;
  dateTo: string | null;
}

export const NO_TAG = '\u0000none';

export const NO_FILTER: FilterState = {
  terms: [], assessment: null, status: null, tagId: null, publisher: null, sourceId: null, dateFrom: null, dateTo: null,
};

export const isFiltering = (f: FilterState) =>
  f.terms.length > 0 || f.assessment !== null || f.status !== null || f.tagId !== null || f.publisher !== null ||
  f.sourceId !== null || f.dateFrom !== null || f.dateTo !== null;

/**
 * Which clips pass every clip-level narrowing (all but assessment, which belongs to a clip's link to
 * one action): 1 or 0 per clip, in model order. `haystacks` is needed only when there is a query.
 */
export function clipsPassing(
  model: PackModel,
  filter: FilterState,
  haystacks: readonly string[] | null,
  publisherOfSource: ReadonlyMap<string, string>,
): Uint8Array {
  const pass = new Uint8Array(model.clips.length);
  const { terms, status, tagId, publisher, sourceId, dateFrom, dateTo } = filter;
  model.clips.forEach((clip, i) => {
    if (status !== null && clip.status !== status) return;
    if (sourceId !== null && clip.sourceId !== sourceId) return;
    if (publisher !== null && publisherOfSource.get(clip.sourceId) !== publisher) return;
    if (tagId !== null && !(tagId === NO_TAG ? clip.tagIds.length === 0 : clip.tagIds.includes(tagId))) return;
    if (dateFrom !== null && clip.evidenceDate < dateFrom) return;
    if (dateTo !== null && clip.evidenceDate > dateTo) return;
    if (terms.length > 0 && !matchesAll(haystacks![i]!, terms)) return;
    pass[i] = 1;
  });
  return pass;
}
