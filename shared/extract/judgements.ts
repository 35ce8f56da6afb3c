import type { JudgementRow } from '../schema/page-metadata';
import { textOf } from './text';

type AreaKey = NonNullable<JudgementRow['area_key']>;
type GradeKey = NonNullable<JudgementRow['grade_key']>;

/**
 * ILACS judgement areas as Ofsted and councils word them. Order matters: the combined pre-2023
 * judgement ("children in care and care leavers") must be tried before its two halves.
 */
const AREA_PATTERNS: readonly [RegExp, AreaKey][] = [
  [/\bimpact of (?:the )?leaders\b/i, 'impact_of_leaders'],
  [/\bhelp (?:and|&) protection\b/i, 'help_and_protection'],
  [
    /\b(?:children in care|looked[- ]after children) (?:and|&) care leavers\b/i,
    'children_in_care_and_care_leavers',
  ],
  [/\bcare leavers\b/i, 'care_leavers'],
  [/\b(?:children in care|looked[- ]after children)\b/i, 'children_in_care'],
  [/\boverall effectiveness\b/i, 'overall_effectiveness'],
];

export function areaKeyOf(area: string): AreaKey | null {
  return AREA_PATTERNS.find(([pattern]) => pattern.test(area))?.[1] ?? null;
}

/** Grade words, including councils' past-tense "Required Improvement". */
export const GRADE_PHRASE =
  /\b(?:outstanding|requires? improvement(?: to be good)?|required improvement|good|inadequate)\b/gi;

export function gradeKeyOf(grade: string): GradeKey | null {
  // "requires improvement to be good" contains "good": test it first.
  if (/\brequir\w* improvement\b/i.test(grade)) return 'requires_improvement_to_be_good';
  if (/\boutstanding\b/i.test(grade)) return 'outstanding';
  if (/\binadequate\b/i.test(grade)) return 'inadequate';
  if (/\bgood\b/i.test(grade)) return 'good';
  return null;
}

export function judgementRow(area: string, grade: string): JudgementRow {
  return { area, area_key: areaKeyOf(area), grade, grade_key: gradeKeyOf(grade) };
}

/**
 * The rows of a table headed "Judgement | Grade", as on page 1 of an ILACS report; null when the
 * page has no such table (grades stated in prose are not a table: see judgements-in-text.ts).
 */
export function readJudgementTable(doc: Document): JudgementRow[] | null {
  for (const table of Array.from(doc.querySelectorAll('table'))) {
    const rows = Array.from(table.rows).map((row) => Array.from(row.cells).map(textOf));
    const headerIndex = rows.findIndex(isJudgementHeader);
    if (headerIndex < 0) continue;
    const header = rows[headerIndex]!;
    const areaColumn = header.findIndex((cell) => /^judgements?\b/i.test(cell));
    const gradeColumn = header.findIndex((cell) => /^grades?\b/i.test(cell));
    const judgements = rows
      .slice(headerIndex + 1)
      .map((cells) => [cells[areaColumn] ?? '', cells[gradeColumn] ?? ''] as const)
      .filter(([area, grade]) => area && grade)
      .map(([area, grade]) => judgementRow(area, grade));
    if (judgements.length > 0) return judgements;
  }
  return null;
}

function isJudgementHeader(cells: string[]): boolean {
  return cells.some((cell) => /^judgements?\b/i.test(cell)) && cells.some((cell) => /^grades?\b/i.test(cell));
}
