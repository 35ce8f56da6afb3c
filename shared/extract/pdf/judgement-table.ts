import type { JudgementRow } from '../../schema/page-metadata';
import { areaKeyOf, judgementRow } from '../judgements';
import type { PdfLine } from './pdf-lines';

export interface PdfJudgementTable {
  rows: JudgementRow[];
  /** First and last line of the table (header included), so that prose readers leave them out. */
  lines: readonly [number, number];
}

// pdf.js gives the header cells on one line ("Judgement Grade") or on two.
const HEADER = /^Judgements?(?:\s+Grades?)?$/i;
const GRADE_ONLY = /^Grades?$/i;
// A row ends with its grade. Table cells print grades capitalised, unlike the prose around them.
const ROW_END = /^(.+?)\s+(Requires improvement to be good|Requires improvement|Outstanding|Good|Inadequate)$/;
// "Requires improvement" wraps in its cell; "to be good" then comes on the next line.
const GRADE_TAIL = /^to be good$/i;
/** An area is a sentence-long cell at most; longer without a grade, it is prose: the table has ended. */
const MAX_AREA_LENGTH = 200;

function headerAt(lines: readonly PdfLine[], i: number): number | null {
  const text = lines[i]!.text;
  if (!HEADER.test(text)) return null;
  if (/grades?$/i.test(text)) return i;
  return GRADE_ONLY.test(lines[i + 1]?.text ?? '') ? i + 1 : null;
}

/**
 * Rows after the header: area lines accumulate until a line ends with a grade ("care leavers
 * Inadequate", or "Requires improvement" + "to be good" under the area's wrapped lines). The table
 * ends at the first row whose area is no ILACS judgement area.
 */
function readRows(lines: readonly PdfLine[], start: number): { rows: JudgementRow[]; last: number } {
  const rows: JudgementRow[] = [];
  let pending: string[] = [];
  let last = start - 1;
  for (let i = start; i < lines.length; i++) {
    pending.push(lines[i]!.text);
    if (GRADE_TAIL.test(lines[i + 1]?.text ?? '')) pending.push(lines[++i]!.text);
    const match = ROW_END.exec(pending.join(' '));
    if (match) {
      if (!areaKeyOf(match[1]!)) break;
      rows.push(judgementRow(match[1]!, match[2]!));
      last = i;
      pending = [];
    } else if (pending.join(' ').length > MAX_AREA_LENGTH) break;
  }
  return { rows, last };
}

/** The "Judgement | Grade" table on page 1 of an ILACS report, as pdf.js lines it; null when absent. */
export function readPdfJudgementTable(lines: readonly PdfLine[]): PdfJudgementTable | null {
  for (let i = 0; i < lines.length; i++) {
    const headerEnd = headerAt(lines, i);
    if (headerEnd === null) continue;
    const { rows, last } = readRows(lines, headerEnd + 1);
    if (rows.length > 0) return { rows, lines: [i, last] };
  }
  return null;
}
