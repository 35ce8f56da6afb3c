/**
 * Re-finding a quote in a page's text: exact first, then fuzzy, as Hypothesis does (client
 * `src/annotator/anchoring/match-quote.ts`), with three changes the issue asks for:
 * - whitespace-insensitive (see text-index.ts);
 * - near the old position first: the exact and fuzzy searches run in a window around the hint, and
 *   only fall back to the whole text when that fails, and then through the page's word index
 *   (word-seeds.ts) rather than a scan, so 1,000 clips re-anchor on a 1 MB page well inside the
 *   500 ms budget (Hypothesis runs the approximate search over the whole text for every quote);
 * - a floor: short quotes never match fuzzily, a short exact match must be unique or confirmed by
 *   its context, and a fuzzy match must score at least MIN_FUZZY_SCORE. A clip that does not clear
 *   these is "not found on this page" rather than pinned to the wrong words.
 */
import search from 'approx-string-match';
import type { TextMatch, TextQuoteSelector } from './types';
import { prepareText, type TextIndex } from './text-index';
import { findCandidateRegions, findExactOccurrences } from './word-seeds';
import {
  adjacentContextAgreement,
  normalizeQuote,
  pickBest,
  scoreCandidate,
  type NormalizedQuote,
  type ScoredCandidate,
} from './quote-score';

/** Below this many chars (after whitespace normalisation) a near-miss is as likely other words as the quote. */
export const MIN_FUZZY_QUOTE_LENGTH = 20;
/**
 * The lowest Hypothesis-style score a fuzzy match may have. Calibrated on the benchmark document
 * (tests/bench/anchoring.bench.ts, 3 seeds) with every sentence edited once: quotes re-found at
 * the right place scored 0.55-1 (99 % >= 0.75); deleted quotes' best wrong places 0.35-0.75, the
 * top ones being sentences the report itself repeats almost word for word.
 */
export const MIN_FUZZY_SCORE = 0.68;
/** A context side (prefix or suffix) at least this similar vouches for an exact match. */
const CONFIRMING_CONTEXT = 0.8;
/** A fuzzy match near the hint this good is taken without looking at the rest of the page. */
const GOOD_LOCAL_FUZZY_SCORE = 0.8;
/** Exact search around the hint: indexOf over 16 KB costs microseconds. */
const EXACT_WINDOW = 8192;
/**
 * Fuzzy search either side of the hint. Myers' search costs ~0.1 ms per KB for a 300-char quote,
 * so a couple of KB stay well inside the budget; matchQuotes' drift correction keeps hints close.
 */
const FUZZY_WINDOW = 1024;
/** Occurrences scored in full; more (a very common phrase) are pre-ranked by adjacent context. */
const MAX_SCORED_OCCURRENCES = 64;

/** Allowed edits for a fuzzy match, as Hypothesis: up to half the quote, capped. */
const maxErrorsFor = (length: number) => Math.min(256, Math.floor(length / 2));

function exactOccurrences(text: string, needle: string, from: number, to: number): number[] {
  const found: number[] = [];
  const start = Math.max(0, from);
  const hay = start === 0 && to >= text.length ? text : text.slice(start, Math.min(text.length, to));
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) found.push(start + at);
  return found;
}

function scoreExact(index: TextIndex, q: NormalizedQuote, starts: number[], hint: number | undefined) {
  let chosen = starts;
  if (starts.length > MAX_SCORED_OCCURRENCES) {
    const agreement = (s: number) => adjacentContextAgreement(index.normalized, q, s, s + q.exact.length);
    const byNearness = (s: number) => (hint === undefined ? 0 : Math.abs(s - hint));
    chosen = [...starts]
      .sort((a, b) => agreement(b) - agreement(a) || byNearness(a) - byNearness(b))
      .slice(0, MAX_SCORED_OCCURRENCES);
  }
  return pickBest(chosen.map((s) => scoreCandidate(index, q, s, s + q.exact.length, 0, hint)), hint);
}

/** Context vouches for a match: a non-empty prefix or suffix that (nearly) agrees. */
function isConfirmedByContext(q: NormalizedQuote, c: ScoredCandidate): boolean {
  return (q.prefix.trim() !== '' && c.prefixScore >= CONFIRMING_CONTEXT) ||
    (q.suffix.trim() !== '' && c.suffixScore >= CONFIRMING_CONTEXT);
}

function fuzzyIn(index: TextIndex, q: NormalizedQuote, from: number, to: number, hint: number | undefined) {
  const start = Math.max(0, from);
  const hay = index.normalized.slice(start, Math.min(index.normalized.length, to));
  const matches = search(hay, q.exact, maxErrorsFor(q.exact.length));
  return pickBest(
    matches.map((m) => scoreCandidate(index, q, start + m.start, start + m.end, m.errors, hint)),
    hint,
  );
}

/** Spans of `slack` chars either side of each hinted quote, merged where they overlap (searched once). */
function mergedSpans(hints: number[], len: number, slack: number): Array<{ from: number; to: number }> {
  const spans = hints.map((h) => ({ from: h - slack, to: h + len + slack })).sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Finds a normalised quote in `index.normalized`. `hints` are normalised offsets where it probably
 * starts, best guess first (matchQuotes adds one corrected for the drift it has seen).
 */
export function findNormalizedQuote(index: TextIndex, q: NormalizedQuote, hints: number[]): ScoredCandidate | null {
  const len = q.exact.length;
  if (len === 0) return null;
  const isShort = len < MIN_FUZZY_QUOTE_LENGTH;
  const hint = hints[0];
  const text = index.normalized;

  // 1. Exact, near the hint: accept when the context agrees on both sides (or on one, for short quotes).
  for (const h of hints) {
    const near = scoreExact(index, q, exactOccurrences(text, q.exact, h - EXACT_WINDOW, h + len + EXACT_WINDOW), hint);
    if (near && (isShort ? isConfirmedByContext(q, near) : (near.prefixScore + near.suffixScore) / 2 >= CONFIRMING_CONTEXT)) {
      return near;
    }
  }
  // 2. Exact, anywhere. A short quote must be unique or vouched for by its context.
  const everywhere = findExactOccurrences(index, q.exact) ?? exactOccurrences(text, q.exact, 0, text.length);
  const best = scoreExact(index, q, everywhere, hint);
  if (best && (!isShort || everywhere.length === 1 || isConfirmedByContext(q, best))) return best;
  if (isShort) return null;

  // 3. Fuzzy, near the hint.
  const local: ScoredCandidate[] = [];
  for (const span of mergedSpans(hints, len, Math.max(FUZZY_WINDOW, len))) {
    const found = fuzzyIn(index, q, span.from, span.to, hint);
    if (found) local.push(found);
  }
  const bestLocal = pickBest(local, hint);
  if (bestLocal && bestLocal.score >= GOOD_LOCAL_FUZZY_SCORE) return bestLocal;

  // 4. Fuzzy, anywhere: only in regions that share rare words with the quote (word-seeds.ts).
  const regional = findCandidateRegions(index, q.exact).map((r) => fuzzyIn(index, q, r.start, r.end, hint));
  const bestFuzzy = pickBest([...local, ...regional.filter((c) => c !== null)], hint);
  return bestFuzzy && bestFuzzy.score >= MIN_FUZZY_SCORE ? bestFuzzy : null;
}

/** Maps a normalised candidate back to offsets in the original text, trimming a stray edge space. */
export function toTextMatch(index: TextIndex, c: ScoredCandidate): TextMatch {
  let { start, end } = c;
  while (start < end && index.normalized.charCodeAt(start) === 32) start++;
  while (end > start && index.normalized.charCodeAt(end - 1) === 32) end--;
  const original = index.toOriginalRange(start, end);
  return { start: original.start, end: original.end, score: c.score, exact: c.errors === 0 };
}

/**
 * Finds `quote` in `text`. Pass a `TextIndex` (prepareText) when matching many quotes on one page.
 * `hint.position` is where the quote started last time (TextPositionSelector.start).
 */
export function matchQuote(
  text: string | TextIndex,
  quote: TextQuoteSelector,
  hint?: { position?: number },
): TextMatch | null {
  const index = typeof text === 'string' ? prepareText(text) : text;
  const hints = hint?.position === undefined ? [] : [index.toNormalizedOffset(hint.position)];
  const found = findNormalizedQuote(index, normalizeQuote(quote), hints);
  return found && toTextMatch(index, found);
}
