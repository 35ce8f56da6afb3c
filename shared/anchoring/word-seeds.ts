/**
 * Finding where a quote may be in a long text through its words, instead of scanning all of it.
 * The page's word index (TextIndex.wordPositions) is built once; then:
 * - exact: every occurrence of a quote contains its rarest whole word at a fixed offset, so only
 *   that word's few positions need checking (and a word missing from the page rules it out);
 * - fuzzy, "filter then verify": Myers' search (approx-string-match) costs 10-40 ms per quote on
 *   1 MB, so the naive whole-text search Hypothesis does would take tens of seconds for a page of
 *   clips. Each of the quote's words votes for where the quote would start; only places with
 *   enough votes are verified with the approximate matcher, in a small window.
 * Fuzzy seeding can miss a quote most of whose words changed, which the scorer would reject anyway.
 */
import type { TextIndex } from './text-index';

/** Words this common ("the", "and") say little about where the quote is; used only if nothing rarer. */
const MAX_POSTINGS_PER_WORD = 64;
/** Past this, checking a word's positions one by one is no cheaper than indexOf over the text. */
const MAX_POSTINGS_TO_CHECK = 4096;
/** Enough seeds to survive a few edited words; more only costs lookups. */
const MAX_SEEDS = 12;
/** Share of the seeds that must agree on a place before it is verified. */
const MIN_VOTE_SHARE = 0.3;
/** Windows verified per quote: a handful of near-duplicates is plenty. */
const MAX_REGIONS = 8;

interface Seed {
  /** Where the word starts in the quote. */
  offset: number;
  /** Where the word starts in the text (normalised offsets); empty when the page lacks it. */
  positions: number[];
}

/** The quote's whole words (not the first or last, which a selection may have cut through). */
function seedsOf(index: TextIndex, exact: string): Seed[] {
  const words = index.wordPositions();
  const seeds: Seed[] = [];
  let start = exact.indexOf(' ') + 1;
  while (start > 0 && start < exact.length) {
    const end = exact.indexOf(' ', start);
    if (end === -1) break;
    if (end > start) seeds.push({ offset: start, positions: words.get(exact.slice(start, end)) ?? [] });
    start = end + 1;
  }
  return seeds.sort((a, b) => a.positions.length - b.positions.length);
}

/**
 * Start offsets of every exact occurrence of `exact` in `index.normalized`, or null when the words
 * cannot tell (no whole word in the quote, or only very common ones): then use indexOf.
 */
export function findExactOccurrences(index: TextIndex, exact: string): number[] | null {
  const rarest = seedsOf(index, exact)[0];
  if (!rarest || rarest.positions.length > MAX_POSTINGS_TO_CHECK) return null;
  const text = index.normalized;
  const found: number[] = [];
  for (const p of rarest.positions) {
    const start = p - rarest.offset;
    if (start >= 0 && text.startsWith(exact, start)) found.push(start);
  }
  return found;
}

export interface CandidateRegion {
  /** Normalised offsets of a window that may hold the quote. */
  start: number;
  end: number;
  votes: number;
}

/** Regions of `index.normalized` worth verifying for `exact`, most votes first. */
export function findCandidateRegions(index: TextIndex, exact: string): CandidateRegion[] {
  const known = seedsOf(index, exact).filter((s) => s.positions.length > 0);
  const rare = known.filter((s) => s.positions.length <= MAX_POSTINGS_PER_WORD);
  const seeds = (rare.length >= 2 ? rare : known.slice(0, 2)).slice(0, MAX_SEEDS);
  if (seeds.length === 0) return [];
  const starts: number[] = [];
  for (const seed of seeds) for (const p of seed.positions) starts.push(p - seed.offset);
  starts.sort((a, b) => a - b);

  // Votes within half a quote of each other describe the same place (edits shift words a little).
  // A place sharing only a stray word or two with the quote is not worth verifying; an edited
  // quote keeps most of its words, so its true place gets most of the votes.
  const slack = Math.max(16, exact.length >> 1);
  const minVotes = Math.max(seeds.length >= 3 ? 2 : 1, Math.ceil(seeds.length * MIN_VOTE_SHARE));
  const regions: CandidateRegion[] = [];
  let i = 0;
  while (i < starts.length) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1]! - starts[i]! <= slack) j++;
    const votes = j - i + 1;
    if (votes >= minVotes) {
      regions.push({
        start: Math.max(0, starts[i]! - slack),
        end: Math.min(index.normalized.length, starts[j]! + exact.length + slack),
        votes,
      });
    }
    i = j + 1;
  }
  regions.sort((a, b) => b.votes - a.votes);
  return regions.slice(0, MAX_REGIONS);
}
