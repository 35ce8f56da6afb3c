/**
 * How authority names are compared. Councils, Ofsted and the DfE name one authority many ways
 * ("Barnsley Metropolitan Borough Council", "Barnsley"; "Nottingham City", "Nottingham"), so names
 * are compared after dropping what says what kind of council it is, not which.
 */

/** The words left out when two names of one authority are compared ("Barnsley Metropolitan Borough Council" = "Barnsley"). */
const GENERIC_WORDS = new Set(['council', 'county', 'city', 'borough', 'metropolitan', 'royal', 'of', 'the', 'and']);
/** Dropped as well when looking a name up: more words that name the kind of body, never the place. */
const MORE_GENERIC_WORDS = new Set(['district', 'corporation', 'unitary', 'local', 'authority', 'councils']);

/** Words in order: lower case, "&" read as "and", every other punctuation mark a word break. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().replace(/&/g, ' and ').match(/[\p{L}\p{N}]+/gu) ?? []).map(withoutAccents);
}

function withoutAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * A name as the corpus README compares it: lower-cased, punctuation dropped, "London Borough of"
 * and the words council, county, city, borough, metropolitan, royal, of, the, and dropped.
 * "Barnsley Metropolitan Borough Council" → "barnsley"; "Redcar and Cleveland" → "redcar cleveland".
 */
export function normaliseAuthorityName(name: string): string {
  return wordsOf(name.replace(/\bLondon\s+Borough\s+of\b/gi, ' '))
    .filter((word) => !GENERIC_WORDS.has(word))
    .join(' ');
}

/** The key a name is looked up by: normalised, and without "district", "corporation" and the like. */
export function lookupKey(name: string): string {
  return normaliseAuthorityName(name)
    .split(' ')
    .filter((word) => !MORE_GENERIC_WORDS.has(word))
    .join(' ');
}

/** A name's words run together as web addresses write them, with and without the small words. */
export function hostKeysOf(name: string): string[] {
  const words = wordsOf(name);
  const small = new Set(['and', 'of', 'the', 'upon', 'on', 'with']);
  return [...new Set([words.join(''), words.filter((w) => !small.has(w)).join('')])];
}
