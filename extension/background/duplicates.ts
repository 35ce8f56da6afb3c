import { normalizeQuote } from '../../shared/ids';
import type { ClipInput } from '../../shared/workspace/capture';
import { quoteKeyOf } from '../../shared/workspace/project';
import type { EvidenceRow } from '../../shared/workspace/rows';
import type { ProjectionDb } from '../db/projection-db';

/**
 * A clip of a passage the workspace already holds from the same source: same words (whitespace and
 * case aside) and the same place, judged by the surrounding words or, failing those, the offset.
 * A repeated phrase elsewhere on the page is a different passage and is kept.
 */
export async function findDuplicate(db: ProjectionDb, sourceId: string, clip: ClipInput): Promise<EvidenceRow | null> {
  const quote = clip.evidence.anchor.quote;
  const candidates = await db.evidence.where('quoteKey').equals(quoteKeyOf(sourceId, quote.exact)).toArray();
  for (const row of candidates) {
    if (row.deleted || row.sourceId !== sourceId) continue;
    const sameContext =
      normalizeQuote(row.anchor.quote.prefix) === normalizeQuote(quote.prefix) &&
      normalizeQuote(row.anchor.quote.suffix) === normalizeQuote(quote.suffix);
    const samePlace =
      Math.abs(row.anchor.position.start - clip.evidence.anchor.position.start) <= 32 &&
      row.anchor.page === clip.evidence.anchor.page;
    if (sameContext || samePlace) return row;
  }
  return null;
}
