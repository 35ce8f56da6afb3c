import type { JudgementRow } from '../../schema/page-metadata';
import { judgementRow } from '../judgements';
import type { PdfLine } from './pdf-lines';

/**
 * The grades an ILACS report gives again in the headings of its sections ("The experiences and
 * progress of children in care: good", often wrapped: "…who need help and" / "protection: requires
 * improvement to be good"). Overall effectiveness has no section, so it is only in the table.
 * A second reading of the same judgements, for a table the text layer garbled.
 */
const HEADING = /^((?:The\s+)?(?:impact of (?:the )?leaders|experiences and progress of)\b[^:]{0,120}):\s*(requires improvement to be good|requires improvement|outstanding|good|inadequate)\.?$/i;
/** A heading wraps over at most this many lines. */
const MAX_HEADING_LINES = 3;

export function readJudgementHeadings(lines: readonly PdfLine[]): JudgementRow[] {
  const rows: JudgementRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^(?:The\s+)?(?:impact of|experiences and progress)\b/i.test(lines[i]!.text)) continue;
    for (let last = i; last < Math.min(lines.length, i + MAX_HEADING_LINES); last++) {
      const text = lines.slice(i, last + 1).map((l) => l.text).join(' ');
      const heading = HEADING.exec(text);
      if (!heading) continue;
      const row = judgementRow(heading[1]!, heading[2]!);
      if (row.area_key && !rows.some((r) => r.area_key === row.area_key)) rows.push(row);
      i = last;
      break;
    }
  }
  return rows;
}

/** Table order: leaders, help and protection, children in care (and care leavers), care leavers, overall. */
const ORDER = ['impact_of_leaders', 'help_and_protection', 'children_in_care_and_care_leavers', 'children_in_care', 'care_leavers', 'overall_effectiveness'];

/**
 * The table's rows, with the judgements it lacks taken from the headings: only areas of the same
 * framework (no "children in care" beside a combined "children in care and care leavers" row).
 */
export function withHeadingJudgements(table: readonly JudgementRow[], headings: readonly JudgementRow[]): JudgementRow[] {
  const has = (key: string | null) => table.some((r) => r.area_key === key);
  const combined = has('children_in_care_and_care_leavers') || headings.some((r) => r.area_key === 'children_in_care_and_care_leavers');
  const missing = headings.filter((r) => {
    if (has(r.area_key)) return false;
    const isSplit = r.area_key === 'children_in_care' || r.area_key === 'care_leavers';
    return !(combined && isSplit) && !(r.area_key === 'children_in_care_and_care_leavers' && (has('children_in_care') || has('care_leavers')));
  });
  if (missing.length === 0) return [...table];
  return [...table, ...missing].sort((a, b) => ORDER.indexOf(a.area_key ?? '') - ORDER.indexOf(b.area_key ?? ''));
}
