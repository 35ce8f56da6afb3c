import { LOCAL_AUTHORITIES, type LocalAuthority } from './authorities';
import { namesOf } from './lookup';
import { wordsOf } from './names';

/** An authority named in a text. */
export interface AuthorityMention {
  /** The authority's canonical name. */
  name: string;
  authority: LocalAuthority;
  /** The words as the text prints them ("Bath & North East Somerset"). */
  matched: string;
  /** Where they start in the text. */
  index: number;
}

interface Token {
  word: string;
  start: number;
  end: number;
  isCapitalised: boolean;
}

interface Phrase {
  words: readonly string[];
  authority: LocalAuthority;
}

function tokensOf(text: string): Token[] {
  return Array.from(text.matchAll(/[\p{L}\p{N}]+|&/gu), (m) => ({
    word: wordsOf(m[0])[0] ?? 'and',
    start: m.index,
    end: m.index + m[0].length,
    isCapitalised: /^\p{Lu}/u.test(m[0]),
  }));
}

let phrasesByFirstWord: Map<string, Phrase[]> | null = null;

/** Every name and alias as words, grouped by first word, longest first ("north somerset" before "north"). */
function phraseIndex(): Map<string, Phrase[]> {
  const index = new Map<string, Phrase[]>();
  for (const authority of LOCAL_AUTHORITIES) {
    for (const name of namesOf(authority)) {
      const words = wordsOf(name);
      if (words.length === 0) continue;
      index.set(words[0]!, [...(index.get(words[0]!) ?? []), { words, authority }]);
    }
  }
  for (const phrases of index.values()) phrases.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/**
 * Capitalised words that may stand before a name without making it another place's: "London
 * Borough of Hackney", "In Derby". Any other ("Greater Manchester", "New York", "West Yorkshire")
 * makes it part of a longer name that is no authority's.
 */
const MAY_PRECEDE = new Set([
  'of', 'the', 'in', 'and', 'for', 'to', 'at', 'on', 'by', 'from', 'with', 'a', 'an', 'across', 'within',
  'council', 'borough', 'city', 'county', 'royal', 'metropolitan', 'london', 'district', 'inspection', 'ofsted',
]);
const SENTENCE_BREAK = /[.!?:;\n•()|–—]/;

function isSentenceStart(text: string, tokens: readonly Token[], i: number): boolean {
  const previous = tokens[i - 1];
  return !previous || SENTENCE_BREAK.test(text.slice(previous.end, tokens[i]!.start));
}

function standsAsName(text: string, tokens: readonly Token[], i: number, authority: LocalAuthority): boolean {
  if (!tokens[i]!.isCapitalised) return false;
  const atStart = isSentenceStart(text, tokens, i);
  if (atStart) return !authority.isAlsoAWord;
  const previous = tokens[i - 1]!;
  return !previous.isCapitalised || MAY_PRECEDE.has(previous.word);
}

function phraseAt(tokens: readonly Token[], i: number): Phrase | null {
  phrasesByFirstWord ??= phraseIndex();
  const candidates = phrasesByFirstWord.get(tokens[i]!.word) ?? [];
  return candidates.find((p) => p.words.every((word, k) => tokens[i + k]?.word === word)) ?? null;
}

/**
 * Every authority a text names, in order: names and aliases as whole words, capitalised, the
 * longest first ("North Somerset", not "Somerset"). A name that is part of a longer place name
 * ("Greater Manchester") is not taken, nor a name that is also a word ("Reading") at a sentence start.
 */
export function findAuthoritiesInText(text: string): AuthorityMention[] {
  const tokens = tokensOf(text);
  const mentions: AuthorityMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phraseAt(tokens, i);
    if (!phrase || !standsAsName(text, tokens, i, phrase.authority)) continue;
    const last = tokens[i + phrase.words.length - 1]!;
    mentions.push({ name: phrase.authority.name, authority: phrase.authority, matched: text.slice(tokens[i]!.start, last.end), index: tokens[i]!.start });
    i += phrase.words.length - 1;
  }
  return mentions;
}

/** The authority a text names most often (the first named, on a tie); null when it names none. */
export function findAuthorityInText(text: string): AuthorityMention | null {
  const mentions = findAuthoritiesInText(text);
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
  let best: AuthorityMention | null = null;
  for (const m of mentions) if (!best || counts.get(m.name)! > counts.get(best.name)!) best = m;
  return best;
}
