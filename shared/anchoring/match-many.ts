/**
 * Re-anchoring every clip of a page at once. Besides sharing one TextIndex, this walks the quotes in
 * document order and learns the drift: when text was inserted or removed early in a page, every
 * later clip has moved by about the same amount, so its search window is centred on
 * old position + drift (with the old position as a second guess). That keeps the cheap local search
 * succeeding on long edited pages instead of falling back to whole-text search for each clip.
 */
import type { TextMatch, TextQuoteSelector } from './types';
import { prepareText, type TextIndex } from './text-index';
import { normalizeQuote } from './quote-score';
import { findNormalizedQuote, toTextMatch } from './text-match';

export interface QuoteToMatch {
  quote: TextQuoteSelector;
  /** Where the quote started when it was clipped (TextPositionSelector.start), if known. */
  position?: number;
}

/** Only a match this sure (or exact) moves the drift estimate; a doubtful one could send it astray. */
const DRIFT_TRUST_SCORE = 0.8;

/** Matches each quote in `text`; the result has one entry per item, in the same order (null = not found). */
export function matchQuotes(text: string | TextIndex, items: readonly QuoteToMatch[]): Array<TextMatch | null> {
  const index = typeof text === 'string' ? prepareText(text) : text;
  const results: Array<TextMatch | null> = new Array<TextMatch | null>(items.length).fill(null);
  const order = items
    .map((item, i) => ({ i, hint: item.position === undefined ? undefined : index.toNormalizedOffset(item.position) }))
    .sort((a, b) => (a.hint ?? Infinity) - (b.hint ?? Infinity));

  let drift = 0;
  for (const { i, hint } of order) {
    const hints = hint === undefined ? [] : drift === 0 ? [hint] : [hint + drift, hint];
    const found = findNormalizedQuote(index, normalizeQuote(items[i]!.quote), hints);
    if (!found) continue;
    results[i] = toTextMatch(index, found);
    if (hint !== undefined && (found.errors === 0 || found.score >= DRIFT_TRUST_SCORE)) drift = found.start - hint;
  }
  return results;
}
