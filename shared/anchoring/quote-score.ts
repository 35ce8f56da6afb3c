/**
 * How well a candidate place in the text fits a stored quote. The weights and the 0..1 scale are
 * Hypothesis's (client `src/annotator/anchoring/match-quote.ts`, `matchQuote` → `scoreMatch`): the
 * quote counts most, its 32-char prefix and suffix next, the distance from the old position least.
 */
import search from 'approx-string-match';
import type { TextQuoteSelector } from './types';
import { normalizeWhitespace, type TextIndex } from './text-index';

export const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const MAX_SCORE = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/** A quote in the normalised-whitespace space of a `TextIndex`. */
export interface NormalizedQuote {
  /** Trimmed: a selection's leading/trailing whitespace says nothing about where it is. */
  exact: string;
  prefix: string;
  suffix: string;
}

/** The whitespace trimmed off `exact` joins the context it touched, so the context still lines up. */
export function normalizeQuote(quote: TextQuoteSelector): NormalizedQuote {
  const exact = normalizeWhitespace(quote.exact);
  const leading = exact.startsWith(' ') ? ' ' : '';
  const trailing = exact.endsWith(' ') ? ' ' : '';
  return {
    exact: exact.trim(),
    prefix: normalizeWhitespace(quote.prefix + leading),
    suffix: normalizeWhitespace(trailing + quote.suffix),
  };
}

/**
 * 1 - edit distance / length between `context` and the text it should equal (Hypothesis
 * `textMatchScore`). Equality is checked first: it is the common case and costs nothing.
 */
export function contextScore(actual: string, context: string): number {
  if (context.length === 0) return 1;
  if (actual === context) return 1;
  if (actual.length === 0) return 0;
  const best = search(actual, context, context.length)[0];
  return best ? 1 - best.errors / context.length : 0;
}

export interface ScoredCandidate {
  /** Normalised offsets. */
  start: number;
  end: number;
  errors: number;
  score: number;
  prefixScore: number;
  suffixScore: number;
}

/** Scores the candidate [start, end) of `index.normalized` that differs from the quote by `errors` edits. */
export function scoreCandidate(
  index: TextIndex,
  quote: NormalizedQuote,
  start: number,
  end: number,
  errors: number,
  hint: number | undefined,
): ScoredCandidate {
  const text = index.normalized;
  const prefixScore = contextScore(text.slice(Math.max(0, start - quote.prefix.length), start), quote.prefix);
  const suffixScore = contextScore(text.slice(end, end + quote.suffix.length), quote.suffix);
  const quoteScore = 1 - errors / quote.exact.length;
  const positionScore = hint === undefined ? 1 : 1 - Math.abs(start - hint) / Math.max(1, text.length);
  const raw =
    WEIGHTS.quote * quoteScore +
    WEIGHTS.prefix * prefixScore +
    WEIGHTS.suffix * suffixScore +
    WEIGHTS.position * positionScore;
  return { start, end, errors, score: raw / MAX_SCORE, prefixScore, suffixScore };
}

/** Highest score first; equal scores (a repeated phrase, identical context) go to the one nearest the hint. */
export function pickBest(candidates: ScoredCandidate[], hint: number | undefined): ScoredCandidate | null {
  let best: ScoredCandidate | null = null;
  for (const c of candidates) {
    if (!best || c.score > best.score) best = c;
    else if (c.score === best.score && hint !== undefined && Math.abs(c.start - hint) < Math.abs(best.start - hint)) {
      best = c;
    }
  }
  return best;
}

/**
 * Cheap pre-ranking for quotes that occur very often ("the plan"): chars of context that agree
 * right next to the candidate. Lets us score only the few plausible ones in full.
 */
export function adjacentContextAgreement(text: string, quote: NormalizedQuote, start: number, end: number): number {
  let n = 0;
  const p = quote.prefix;
  while (n < p.length && start - 1 - n >= 0 && text.charCodeAt(start - 1 - n) === p.charCodeAt(p.length - 1 - n)) n++;
  let m = 0;
  const s = quote.suffix;
  while (m < s.length && end + m < text.length && text.charCodeAt(end + m) === s.charCodeAt(m)) m++;
  return n + m;
}
