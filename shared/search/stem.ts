import { stemmer } from 'stemmer';

/**
 * Porter stems of search tokens ("assessments" → "assess", "planning" → "plan", "permanency" →
 * "perman"), so a council's "permanency plans" meets Ofsted's "permanence planning"
 * (councils paraphrase the areas for improvement). The `stemmer` package is Porter's 1980 algorithm
 * (maintained, no dependencies); we do not hand-roll one.
 *
 * Kept apart from `tokenize`: search matches word prefixes as typed and must not change behaviour,
 * while suggestions (shared/suggest) want the looser match. Input is a token of `tokenize`
 * (lower case, no apostrophes).
 */

/** Two-letter tokens ("pa", "qa") are abbreviations with no ending to strip. */
const MIN_STEM_LENGTH = 3;
/** Council vocabulary is small; remembering stems keeps a suggestion well under a millisecond. */
const MAX_CACHED = 20_000;
const cache = new Map<string, string>();

export function stem(token: string): string {
  if (token.length < MIN_STEM_LENGTH || /\d/.test(token)) return token;
  let stemmed = cache.get(token);
  if (stemmed === undefined) {
    stemmed = stemmer(token);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(token, stemmed);
  }
  return stemmed;
}
