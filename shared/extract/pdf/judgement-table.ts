import type { JudgementRow } from '../../schema/page-metadata';
import { areaKeyOf, judgementRow } from '../judgements';
import type { PdfLine } from './pdf-lines';

export interface PdfJudgementTable {
  rows: JudgementRow[];
  /** First and last line of the table (header included), so that prose readers leave them out. */
  lines: readonly [number, number];
}

/**
 * The "Judgement | Grade" table on page 1 of an ILACS report, as pdf.js lines it. The text layer
 * keeps the cells but not the grid, so the table comes in several shapes (all in the corpus):
 * "Overall effectiveness Good" on one line; an area wrapped over two lines with its grade at the
 * end of the second ("…children and" / "families Outstanding") or on a line of its own after it;
 * "Requires improvement" / "to be good" split over two lines. A grade may also come before its area
 * or between its lines, as a PDF's text can run in any order within a row. So the reader collects
 * areas (a line starting one of Ofsted's judgement areas, and the lower-case lines continuing it) and
 * grades (capitalised, as table cells print them, alone or ending a line), and gives each grade to
 * the first area still without one, in order.
 */

// pdf.js gives the header cells on one line ("Judgement Grade") or on two.
const HEADER = /^Judgements?(?:\s+Grades?)?$/i;
const GRADE_ONLY = /^Grades?$/i;
// How each judgement's cell starts (the row order is fixed; the wording is Ofsted's).
const AREA_START = /^(?:The\s+)?(?:impact of (?:the )?leaders|experiences and progress of|overall effectiveness)\b/i;
// A grade ends a line; "Requires improvement to be good" may be cut anywhere by its cell's width
// ("Requires improvement" / "to be good", "Requires improvement to" / "be good"), its head then
// ending the line and its tail making a line of its own.
const GRADE = '(Requires(?: improvement(?: to(?: be(?:come)?)?)?)?(?: good)?|Outstanding|Good|Inadequate)';
const GRADE_AT_END = new RegExp(`^(.*?)\\s*\\b${GRADE}$`);
const GRADE_AT_START = new RegExp(`^${GRADE}\\s+(.*)$`);
// In lower case: a capitalised "Good" on the next line is the next row's grade.
const GRADE_TAIL = /^(?:improvement(?: to)?(?: be(?:come)?)?(?: good)?|to(?: be(?:come)?)? good|be(?:come)? good|good)$/;
const TAIL_AT_END = /^(.*?)\s+((?:improvement\s+)?to\s+be(?:come)?\s+good|be(?:come)?\s+good)$/;
/** "Requires improvement" alone is a whole grade (2018–2019 tables); a shorter head awaits its tail. */
const isCutGrade = (grade: string) => /^Requires\b/.test(grade) && !/\bgood$/i.test(grade);
/** Rows of the table: leaders, help and protection, children in care (and care leavers), care leavers, overall. */
const MAX_ROWS = 5;

/** A grade as read so far: a tail on the next line may still complete it. */
interface Grade {
  text: string;
}

interface Cell {
  area: string;
  grade: Grade | null;
}

class TableReader {
  readonly cells: Cell[] = [];
  /** Grades read before their area (a text layer may run a row's grade first). */
  private readonly waitingGrades: Grade[] = [];
  private lastGrade: Grade | null = null;
  last = -1;

  /** Reads one line; false when the line is not the table's (the table has ended). */
  read(text: string, index: number): boolean {
    if (this.awaitsGradeTail(text)) {
      this.lastGrade!.text += ` ${text}`;
      this.lastGrade = null;
      this.last = index;
      return true;
    }
    const start = GRADE_AT_START.exec(text);
    if (start && AREA_START.test(start[2]!)) {
      this.addGrade(start[1]!);
      return this.read(start[2]!, index);
    }
    const [, area = text, grade] = GRADE_AT_END.exec(text) ?? [];
    if (area && AREA_START.test(area)) {
      if (this.cells.length === MAX_ROWS) return false;
      this.cells.push({ area, grade: this.waitingGrades.shift() ?? null });
    } else if (area && /^\p{Ll}/u.test(area) && this.cells.length > 0) {
      // The area's second line may end with the rest of a cut grade beside it ("families to be good").
      const tail = this.lastGrade && isCutGrade(this.lastGrade.text) ? TAIL_AT_END.exec(area) : null;
      this.cells.at(-1)!.area += ` ${tail ? tail[1] : area}`;
      if (tail) this.lastGrade!.text += ` ${tail[2]}`;
    } else if (area) {
      return false;
    }
    if (grade) this.addGrade(grade);
    this.last = index;
    return true;
  }

  private addGrade(text: string): void {
    const grade = { text };
    const cell = this.cells.find((c) => c.grade === null);
    if (cell) cell.grade = grade;
    else this.waitingGrades.push(grade);
    this.lastGrade = grade;
  }

  /** Whether `next` is the rest of a grade its line cut ("to be good" after "Requires improvement"). */
  awaitsGradeTail(next: string): boolean {
    return this.lastGrade !== null && isCutGrade(this.lastGrade.text) && GRADE_TAIL.test(next);
  }

  /** The rows read, up to the first whose area is no ILACS judgement area or that has no grade. */
  rows(): JudgementRow[] {
    const rows: JudgementRow[] = [];
    for (const cell of this.cells) {
      if (!cell.grade || !areaKeyOf(cell.area)) break;
      rows.push(judgementRow(cell.area, cell.grade.text));
    }
    return rows;
  }

  isDone(): boolean {
    const last = this.cells.at(-1);
    return last !== undefined && last.grade !== null && areaKeyOf(last.area) === 'overall_effectiveness';
  }
}

function headerAt(lines: readonly PdfLine[], i: number): number | null {
  const text = lines[i]!.text;
  if (!HEADER.test(text)) return null;
  if (/grades?$/i.test(text)) return i;
  return GRADE_ONLY.test(lines[i + 1]?.text ?? '') ? i + 1 : null;
}

function readTableFrom(lines: readonly PdfLine[], first: number, start: number): PdfJudgementTable | null {
  const reader = new TableReader();
  // A table printed across a page break goes on: page numbers and running lines are already gone.
  for (let i = start; i < lines.length; i++) {
    if (!reader.read(lines[i]!.text, i)) break;
    // After the overall judgement, only the tail of its grade may follow.
    if (reader.isDone() && !reader.awaitsGradeTail(lines[i + 1]?.text ?? '')) break;
  }
  const rows = reader.rows();
  return rows.length > 0 ? { rows, lines: [first, reader.last] } : null;
}

/** A table whose header the text layer lost still starts with the leaders' row, and has most rows. */
const MIN_ROWS_WITHOUT_HEADER = 3;

/** The "Judgement | Grade" table on page 1 of an ILACS report; null when absent. */
export function readPdfJudgementTable(lines: readonly PdfLine[]): PdfJudgementTable | null {
  for (let i = 0; i < lines.length; i++) {
    const headerEnd = headerAt(lines, i);
    if (headerEnd === null) continue;
    const table = readTableFrom(lines, i, headerEnd + 1);
    if (table) return table;
  }
  const firstPage = lines[0]?.page;
  for (let i = 0; i < lines.length && lines[i]!.page === firstPage; i++) {
    if (!/^The impact of leaders\b/i.test(lines[i]!.text)) continue;
    const table = readTableFrom(lines, i, i);
    if (table && table.rows.length >= MIN_ROWS_WITHOUT_HEADER) return table;
  }
  return null;
}
