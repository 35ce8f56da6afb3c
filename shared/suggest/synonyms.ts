import { stem } from '../search/stem';
import { tokenize } from '../search/tokenize';

/**
 * Phrases Ofsted and councils use for the same thing; the first of each group is the one matched.
 * councils paraphrase Ofsted's areas for improvement, so a plan says "looked after
 * children" or "PLO" where the report says "children in care" or "pre-proceedings". Only
 * equivalences a children's services reader would accept everywhere belong here, not topic hints.
 */
const GROUPS: string[][] = [
  ['children in care', 'looked after children', 'children looked after', 'looked after child', 'child looked after', 'cla', 'lac', 'cic'],
  ['in care', 'looked after'],
  ['care leavers', 'care leaver', 'young people leaving care', 'leaving care', 'care experienced young people', 'care experienced'],
  ['independent reviewing officer', 'iro', 'iros', 'child care reviewing officer'],
  ['pre-proceedings', 'pre proceedings', 'plo', 'public law outline'],
  ['special guardianship order', 'sgo'],
  ['personal adviser', 'personal advisor', 'personal assistant', 'pa'],
  ['caseload', 'case load', 'workload', 'caseloads', 'workloads'],
  // The ASYE (Skills for Care, funded by DfE) is a newly qualified social worker's first post-qualifying year.
  [
    'newly qualified social worker',
    'nqsw',
    'asye',
    'assessed and supported year in employment',
    'new social worker',
    'first post qualifying year',
    'first year in practice',
  ],
  ['permanence', 'permanency'],
  ['quality assurance', 'qa'],
  ['multi agency safeguarding hub', 'mash'],
  ["director of children's services", 'dcs'],
  ['edge of care', 'edge-of-care'],
];

/** A phrase as the stems the tokenizer and stemmer give it (so it matches however it is inflected). */
function stemsOf(phrase: string): string[] {
  return tokenize(phrase).map(stem);
}

export interface SynonymRule {
  /** Stems of the variant, as it appears in text. */
  variant: string[];
  /** Stems it is replaced with. */
  canonical: string[];
}

/** Rules keyed by their first stem, longest variant first, so "looked after children" wins over "looked after". */
function buildRules(): Map<string, SynonymRule[]> {
  const rules = new Map<string, SynonymRule[]>();
  for (const [first, ...rest] of GROUPS) {
    const canonical = stemsOf(first!);
    for (const phrase of [first!, ...rest]) {
      const variant = stemsOf(phrase);
      if (variant.length === 0) continue;
      const list = rules.get(variant[0]!) ?? [];
      list.push({ variant, canonical });
      rules.set(variant[0]!, list);
    }
  }
  for (const list of rules.values()) list.sort((a, b) => b.variant.length - a.variant.length);
  return rules;
}

let rules: Map<string, SynonymRule[]> | null = null;

/** The longest rule whose variant starts at `stems[at]`, or null. Built on first use: no work at import. */
export function synonymAt(stems: readonly string[], at: number): SynonymRule | null {
  rules ??= buildRules();
  for (const rule of rules.get(stems[at]!) ?? []) {
    if (rule.variant.every((s, i) => stems[at + i] === s)) return rule;
  }
  return null;
}
