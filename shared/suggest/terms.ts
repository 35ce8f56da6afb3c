import { stem } from '../search/stem';
import { tokenize } from '../search/tokenize';
import { synonymAt } from './synonyms';

/**
 * Function words the shared search tokenizer keeps (search must find "all" if typed) but which say
 * nothing about what a passage evidences: an area for improvement's "to ensure that they have the
 * right support in place" would otherwise pull every passage with "ensure" or "place" towards it.
 * General English function words (most are on the SMART system's stop list), plus "ensure" and
 * "place", the boilerplate of Ofsted's areas for improvement, added after a miss in the tuning half
 * of tests/fixtures/suggestions.
 */
const FUNCTION_WORDS = new Set(
  ('about above after again against all also am any because before below between both can could did do does ' +
    'doing done down during each either ensure every few further he her here hers him his how however i if ' +
    'just made make makes many may me might more most much must my need needs nor now off often once only other ' +
    'our ours out over own place same shall she should since so some such than then they them through too ' +
    'under until up upon us very we well what when where whether while who whom whose why within without yet you your').split(' '),
);

/** A term to match on, and the words of the text it came from (shown as a suggestion's reason). */
export interface Term {
  term: string;
  surface: string;
}

/**
 * The terms of a text for suggestions: the shared search tokenizer (so stop words and folding agree
 * with search), Porter stems, synonyms replaced by one phrase, and every unigram plus every pair of
 * neighbouring words. Pairs make phrases count ("pathway plans", "edge of care", "management
 * oversight") above their words seen apart, as phrase proximity does in BM25 variants
 * (Rasolofo & Savoy 2003, "Term proximity scoring for keyword-based retrieval systems").
 */
export function termsOf(text: string): Term[] {
  const words = tokenize(text);
  const stems = words.map(stem);
  const units: Array<{ stem: string; surface: string; phrase: number }> = [];
  let phrase = 0;
  let previousCanonical = '';
  for (let i = 0; i < stems.length; ) {
    const rule = synonymAt(stems, i);
    if (rule) {
      // "personal assistants (PAs)": a phrase followed by its own abbreviation is said once.
      if (rule.canonical.join(' ') !== previousCanonical) {
        const surface = words.slice(i, i + rule.variant.length).join(' ');
        phrase++;
        for (const s of rule.canonical) units.push({ stem: s, surface, phrase });
      }
      previousCanonical = rule.canonical.join(' ');
      i += rule.variant.length;
    } else {
      // Dropped only here, after synonyms, which may contain them ("looked after children").
      if (!FUNCTION_WORDS.has(words[i]!)) units.push({ stem: stems[i]!, surface: words[i]!, phrase: 0 });
      previousCanonical = '';
      i++;
    }
  }
  const terms: Term[] = units.map((u) => ({ term: u.stem, surface: u.surface }));
  for (let i = 1; i < units.length; i++) {
    const a = units[i - 1]!;
    const b = units[i]!;
    const samePhrase = a.phrase !== 0 && a.phrase === b.phrase;
    terms.push({ term: `${a.stem} ${b.stem}`, surface: samePhrase ? a.surface : `${a.surface} ${b.surface}` });
  }
  return terms;
}

/** Term → summed weight, each occurrence of a term in `text` counting `weight`. */
export function addWeightedTerms(into: Map<string, number>, surfaces: Map<string, string>, text: string, weight: number): void {
  for (const { term, surface } of termsOf(text)) {
    into.set(term, (into.get(term) ?? 0) + weight);
    if (!surfaces.has(term)) surfaces.set(term, surface);
  }
}
