/**
 * Words for searching: case- and accent-folded letters and digits. Very common English words are
 * dropped: in council papers "the" or "of" match nearly every clip and only slow ranking down.
 */
export const STOP_WORDS = new Set(
  ('a an and are as at be but by for from had has have in into is it its of on or that the their ' +
    'there these this those to was were which with will would been being not no').split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;

const NON_ASCII = /[^\u0000-\u007f]/;

export function normalizeForSearch(text: string): string {
  // NFKD splits accented letters; the combining marks are then dropped ("café" → "cafe").
  // Most council text is plain ASCII, where that work can be skipped (index build time, bench).
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Tokens of `text` in order, stop words removed. Apostrophes join ("children's" → "childrens"). */
export function tokenize(text: string): string[] {
  const folded = normalizeForSearch(text).replace(/['’]/g, '');
  const out: string[] = [];
  for (const match of folded.matchAll(WORD)) {
    const token = match[0];
    if (!STOP_WORDS.has(token)) out.push(token);
  }
  return out;
}
