/**
 * Ofsted's judgement table wherever a council's document quotes it: as an HTML table with any
 * header (or none), as text pasted from Word (cells tab-separated, so a row reads "Overall
 * effectiveness Inadequate" once spaces are collapsed), or as a PDF's text, where a row's cells come
 * as one line or as lines of their own ("The impact of leaders on social work practice with children"
 * / "and families" / "Requires improvement" / "to be good"). What makes a row is Ofsted's wording: a
 * judgement area (judgements.ts) and a grade, and two such rows together, or one under a "Judgement"
 * header. A grade stated in a sentence is no table (judgements-in-text.ts reads those).
 */
import type { JudgementRow } from '../schema/page-metadata';
import { areaKeyOf, gradeKeyOf, judgementRow, readJudgementTable } from './judgements';
import { textOf } from './text';

// Grades as table cells print them: capitalised ("Requires improvement to be good", "Requires
// Improvement To Be Good", councils' "Required Improvement").
const GRADE = '(?:Requires?|Required) [Ii]mprovement(?: [Tt]o [Bb]e [Gg]ood)?|Outstanding|Good|Inadequate|OUTSTANDING|GOOD|INADEQUATE|REQUIRES IMPROVEMENT(?: TO BE GOOD)?';
const GRADE_AT_END = new RegExp(`^(.+?)[\\s:–-]+(${GRADE})$`);
const GRADE_ALONE = new RegExp(`^(?:${GRADE})$`);
// "Requires improvement" wraps in a narrow cell; "to be good" then comes on a line of its own.
const GRADE_TAIL = /^to be good$/i;
const HEADER = /^(?:(?:The )?Judgements?|Areas?(?: of judgement)?|Judgement areas?|Domains?)(?:\s+(?:Grades?|Judgements?|Outcomes?|Ratings?))?$/i;
/** An area cell is a sentence at most; longer, it is prose and the table has ended. */
const MAX_AREA_LENGTH = 200;
/** Rows of an ILACS table: leaders, help and protection, in care (and care leavers), care leavers, overall. */
const MAX_ROWS = 5;

export interface LineTable {
  rows: JudgementRow[];
  /** First and last line of the table, header included. */
  first: number;
  last: number;
}

// How an area's cell starts: Ofsted's wording, or a council's shorter one ("Children in care").
const AREA_START = /^(?:The\s+)?(?:impact of (?:the )?leaders|experiences and progress of|overall effectiveness)\b/i;

const startsArea = (text: string) => /^[A-Z‘'"]/.test(text) && (AREA_START.test(text) || areaKeyOf(text) !== null);
const isArea = (text: string) => text.length <= MAX_AREA_LENGTH && !/[.;:,]$/.test(text) && startsArea(text) && areaKeyOf(text) !== null;

/** A line as area text and the grade ending it (or standing alone as it). */
function splitLine(line: string, hasArea: boolean): { area: string; grade: string | null } {
  if (hasArea && GRADE_ALONE.test(line)) return { area: '', grade: line };
  const atEnd = GRADE_AT_END.exec(line);
  return atEnd ? { area: atEnd[1]!, grade: atEnd[2]! } : { area: line, grade: null };
}

/** The rows from line `start` on: area lines gather until a line ends with, or is, a grade. */
function readRowsFrom(lines: readonly string[], start: number): { rows: JudgementRow[]; last: number } {
  const rows: JudgementRow[] = [];
  let pending: string[] = [];
  let last = start - 1;
  for (let i = start; i < lines.length && rows.length < MAX_ROWS; i++) {
    const line = lines[i]!;
    const split = splitLine(line, pending.length > 0);
    if (split.area) pending.push(split.area);
    const area = pending.join(' ');
    if (pending.length > 0 && !startsArea(pending[0]!)) break;
    if (!split.grade) {
      if (area.length > MAX_AREA_LENGTH || /[.;]$/.test(line)) break;
      continue;
    }
    let grade = split.grade;
    if (/^Requires? improvement$/i.test(grade) && GRADE_TAIL.test(lines[i + 1] ?? '')) grade += ` ${lines[++i]!}`;
    if (!isArea(area)) break;
    rows.push(judgementRow(area, grade));
    last = i;
    pending = [];
  }
  return { rows, last };
}

/**
 * The judgement table in printed lines (a PDF's, or an HTML page's blocks), with or without its
 * header; null when no two rows (or header and row) stand together.
 */
export function readJudgementLines(lines: readonly string[]): LineTable | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const isHeader = HEADER.test(line);
    if (!isHeader && !startsArea(line)) continue;
    // The header's cells may come as one line ("Judgement Grade") or two.
    const headerEnd = isHeader && !/\s/.test(line) && /^(?:Grades?|Judgements?|Outcomes?|Ratings?)$/i.test(lines[i + 1] ?? '') ? i + 1 : i;
    const { rows, last } = readRowsFrom(lines, isHeader ? headerEnd + 1 : i);
    if (rows.length >= 2 || (isHeader && rows.length === 1)) return { rows, first: i, last };
  }
  return null;
}

/**
 * An HTML table whose rows each hold an area cell and a grade cell, whatever its header says
 * ("Judgement | Grade", "Area | Judgement", none). Ofsted's own header form is read by judgements.ts.
 */
function readAnyHtmlTable(doc: Document): JudgementRow[] | null {
  for (const table of Array.from(doc.querySelectorAll('table'))) {
    const rows: JudgementRow[] = [];
    for (const row of Array.from(table.rows)) {
      const cells = Array.from(row.cells).map(textOf).filter(Boolean);
      const area = cells.find((cell) => areaKeyOf(cell) !== null && cell.length <= MAX_AREA_LENGTH && gradeKeyOf(cell) === null);
      const grade = cells.find((cell) => cell !== area && cell.length <= 40 && gradeKeyOf(cell) !== null && areaKeyOf(cell) === null);
      if (area && grade) rows.push(judgementRow(area, grade));
    }
    if (rows.length >= 2) return rows;
  }
  return null;
}

export type JudgementTableForm = 'html-table' | 'text-lines';

/** A page's judgement table in any form, and which form it was read from; null when it has none. */
export function readJudgementTableOfPage(doc: Document, blockLines: readonly string[]): { rows: JudgementRow[]; form: JudgementTableForm } | null {
  const table = readJudgementTable(doc) ?? readAnyHtmlTable(doc);
  if (table) return { rows: table, form: 'html-table' };
  const lines = readJudgementLines(blockLines);
  return lines ? { rows: lines.rows, form: 'text-lines' } : null;
}
