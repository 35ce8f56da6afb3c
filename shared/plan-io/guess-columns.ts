import type { ColumnMapping, PlanField } from './types';

/**
 * Guesses which column feeds which field from the header row, as councils word their plans; the
 * person confirms or corrects the guess in the mapping step.
 *
 * Precedence, each column used at most once and each field taking the leftmost column that qualifies:
 * 1. Exact names (after lower-casing and dropping punctuation): "By when", "Lead officer", "RAG"...
 *    Every field is tried against every column before any looser rule runs, so "Impact RAG" is never
 *    taken by the "rag" rule and a plan's own "Action no" beats a generic "No.".
 * 2. Bare numbering ("No.", "Ref", "Reference"): the action's reference, unless a column is already
 *    the action's; two such columns (one "No." before the area for improvement, one before the action)
 *    are the recommendation's then the action's.
 * 3. Key words anywhere in the header, most specific first (`CONTAINS_RULES`).
 * Unmapped columns are kept by the import as extra columns, so a wrong "no guess" loses nothing.
 */
export function guessColumnMapping(headers: string[]): ColumnMapping {
  const names = headers.map(normaliseHeader);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  const assign = (field: PlanField, index: number) => {
    mapping[field] = index;
    used.add(index);
  };
  for (const [field, synonyms] of Object.entries(EXACT_NAMES) as Array<[PlanField, string[]]>) {
    const index = names.findIndex((name, i) => !used.has(i) && synonyms.includes(name));
    if (index !== -1) assign(field, index);
  }
  const numbering = names.flatMap((name, i) => (!used.has(i) && BARE_NUMBERING.includes(name) ? [i] : []));
  const freeReferences = (['recommendationReference', 'actionReference'] as const).filter((f) => mapping[f] === undefined);
  if (numbering.length >= 2 && freeReferences.length === 2) {
    assign('recommendationReference', numbering[0]!);
    assign('actionReference', numbering[1]!);
  } else if (numbering.length >= 1 && freeReferences.length >= 1) {
    assign(freeReferences.includes('actionReference') ? 'actionReference' : 'recommendationReference', numbering[0]!);
  }
  for (const [field, matches] of CONTAINS_RULES) {
    if (mapping[field] !== undefined) continue;
    const index = names.findIndex((name, i) => !used.has(i) && matches(` ${name} `));
    if (index !== -1) assign(field, index);
  }
  return mapping;
}

/** "Lead Officer(s):" → "lead officers"; "Rec.No" → "rec no"; "Delivery – RAG" → "delivery rag". */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.\/\\_:;,\-–—|]+/g, ' ')
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// The lists do not overlap, so the order of fields here does not matter; the leftmost column wins.
const EXACT_NAMES: Record<PlanField, string[]> = {
  recommendationReference: [
    'rec no', 'rec number', 'rec ref', 'recommendation no', 'recommendation number', 'recommendation ref',
    'recommendation reference', 'section', 'section no', 'afi no', 'afi ref', 'priority no',
  ],
  actionReference: [
    'action no', 'action number', 'action ref', 'action reference', 'action id', 'ref no', 'reference no',
  ],
  ofstedParagraph: [
    'ofsted para', 'ofsted paragraph', 'ofsted para ref', 'ofsted paragraph ref', 'para', 'paragraph',
    'para ref', 'para no', 'paragraph ref', 'paragraph no', 'report paragraph', 'ofsted ref', 'ofsted reference',
  ],
  areaForImprovement: [
    'ofsted area for improvement', 'ofsted areas for improvement', 'area for improvement',
    'areas for improvement', 'area of improvement', 'afi', 'recommendation', 'recommendations',
    'ofsted recommendation', 'ofsted recommendations', 'what needs to improve', 'improvement area',
  ],
  actionTitle: [
    'action', 'actions', 'what we will do', 'what will we do', 'key action', 'key actions', 'action to be taken',
    'actions to be taken', 'action required', 'actions required',
  ],
  actionDescription: [
    'detail', 'details', 'description', 'how', 'how we will do it', 'action detail', 'action details',
    'action description',
  ],
  lead: [
    'lead', 'lead officer', 'lead officers', 'responsible', 'responsible officer', 'owner', 'action owner',
    'lead manager', 'accountable officer', 'who', 'by whom',
  ],
  dueDate: [
    'by when', 'deadline', 'due date', 'due', 'date due', 'timescale', 'timescales', 'target date',
    'completion date', 'target completion date', 'when',
  ],
  impactRag: [
    'impact rag', 'impact rag rating', 'rag impact', 'impact rating',
  ],
  deliveryRag: [
    'rag', 'delivery rag', 'rag rating', 'rag status', 'delivery rag rating', 'rag delivery', 'progress rag',
    'action rag',
  ],
  successMeasures: [
    'how success is measured', 'how success will be measured', 'how will success be measured', 'measures',
    'measure', 'measures of success', 'success measures', 'success criteria', 'kpis', 'kpi', 'outcome measures',
    'impact measures', 'how will we know', 'how we will know',
  ],
  progress: [
    'progress', 'update', 'progress update', 'latest update', 'progress to date', 'update on progress',
    'progress notes', 'commentary', 'current position',
  ],
  status: [
    'status', 'action status', 'current status', 'completion status',
  ],
};

const BARE_NUMBERING = ['no', 'ref', 'reference', 'number', 'ref no', 'item', 'id'];

const has = (...words: string[]) => (padded: string) => words.some((word) => padded.includes(` ${word} `));
const hasPhrase = (phrase: string) => (padded: string) => padded.includes(` ${phrase} `);
const both = (a: (s: string) => boolean, b: (s: string) => boolean) => (padded: string) => a(padded) && b(padded);
const NUMBER_WORDS = has('no', 'number', 'ref', 'reference', 'id');

const CONTAINS_RULES: Array<[PlanField, (padded: string) => boolean]> = [
  ['impactRag', both(has('impact'), has('rag'))],
  ['deliveryRag', has('rag')],
  ['recommendationReference', both(has('recommendation', 'rec', 'afi', 'section'), NUMBER_WORDS)],
  ['actionReference', both(has('action', 'actions'), NUMBER_WORDS)],
  [
    'areaForImprovement',
    (s) =>
      ['area for improvement', 'areas for improvement', 'needs to improve'].some((phrase) => hasPhrase(phrase)(s)) ||
      has('recommendation', 'recommendations', 'afi')(s),
  ],
  ['ofstedParagraph', has('para', 'paragraph', 'paragraphs')],
  ['successMeasures', has('success', 'measure', 'measures', 'measured', 'kpi', 'kpis')],
  ['lead', has('lead', 'leads', 'responsible', 'owner', 'officer', 'officers')],
  ['dueDate', has('date', 'when', 'deadline', 'timescale', 'timescales', 'due')],
  ['progress', has('progress', 'update', 'updates')],
  ['status', has('status')],
  ['actionDescription', has('description', 'detail', 'details')],
  ['actionTitle', has('action', 'actions')],
];
