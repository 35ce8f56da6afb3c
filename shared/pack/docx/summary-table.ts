import { Paragraph, ShadingType, Table, TableCell, TableRow, WidthType, type IRunOptions } from 'docx';
import type { AssessmentCounts, CoverageFlag } from '../../coverage/types';
import { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, RAG_KEY_ORDER, RAG_MEANINGS, RAG_WORDS, formatDate } from '../../labels';
import { dueTextOf } from '../../plan-io/due-text';
import type { Rag } from '../../schema/action';
import type { PackModel } from '../types';
import { textRuns } from './text';

export const FLAG_LABELS: Record<Exclude<CoverageFlag, null>, string> = { none: 'No evidence', stale: 'Only stale evidence' };

/** Light tints behind RAG labels (GOV.UK palette); the label itself always says the rating, colour is never the only cue. */
const RAG_TINTS: Record<Rag, string> = { red: 'F6D7D2', amber: 'FFF2D3', green: 'CCE2D8', blue: 'D2E2F1' };

const HEADERS = ['Ref', 'Recommendation / action', 'Lead', 'By when', 'Delivery RAG', 'Impact RAG', 'Status',
  ...ASSESSMENT_ORDER.map((a) => ASSESSMENT_LABELS[a]), 'Flag'];
/** Twips across a landscape A4 page inside 2 cm margins (about 25.7 cm). */
const COLUMN_WIDTHS = [600, 2800, 1300, 1250, 1000, 1000, 1000, 800, 900, 900, 850, 950, 1200];
const SMALL = 18;
/** Recommendation rows are set apart from their actions' rows by a light grey and bold text. */
const RECOMMENDATION_FILL = 'F3F2F1';

/**
 * The summary a board reads first: per recommendation, then each of its actions, the lead, due date,
 * delivery and impact RAG, status, clips counted by what they show (Impact first) and the gap flags.
 * A real Word table whose header row repeats on every page (w:tblHeader); no merged cells, so screen
 * readers announce each cell with its column heading.
 */
export function summaryTable(model: PackModel): Table {
  const rows = [new TableRow({ tableHeader: true, cantSplit: true, children: HEADERS.map((h) => cell(h, { bold: true, size: 16 }, 'E8E8E8')) })];
  for (const r of model.recommendations) {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(r.reference, { bold: true }, RECOMMENDATION_FILL),
          cell(r.text, { bold: true }, RECOMMENDATION_FILL),
          ...blank(5, RECOMMENDATION_FILL),
          ...countCells(r.counts, { bold: true }, RECOMMENDATION_FILL),
          cell('', {}, RECOMMENDATION_FILL),
        ],
      }),
    );
    for (const a of r.actions) {
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            cell(a.reference),
            cell(a.title),
            cell(a.lead),
            cell(dueTextOf(a, formatDate)),
            ragCell(a.deliveryRag),
            ragCell(a.impactRag),
            cell(ACTION_STATUS_LABELS[a.status] ?? a.status),
            ...countCells(a.counts),
            cell(a.flag ? FLAG_LABELS[a.flag] : '', { bold: a.flag !== null }),
          ],
        }),
      );
    }
  }
  if (!model.recommendations.length) rows.push(new TableRow({ children: [cell(''), cell('No plan in this pack.'), ...blank(HEADERS.length - 2)] }));
  return new Table({
    rows,
    columnWidths: COLUMN_WIDTHS,
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
    width: { size: COLUMN_WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
  });
}

function cell(text: string, run: Omit<IRunOptions, 'text' | 'children' | 'break'> = {}, fill?: string): TableCell {
  return new TableCell({
    children: [new Paragraph({ spacing: { after: 0 }, children: textRuns(text, { size: SMALL, ...run }) })],
    shading: fill ? { type: ShadingType.CLEAR, color: 'auto', fill } : undefined,
  });
}

const blank = (n: number, fill?: string) => Array.from({ length: n }, () => cell('', {}, fill));

function ragCell(rag: Rag | null): TableCell {
  return rag ? cell(RAG_WORDS[rag], {}, RAG_TINTS[rag]) : cell('Not rated');
}

/** The key to the RAG words in the table, as the extension's plan tab gives it: "Red: off track. …". */
export function ragKeyParagraph(): Paragraph {
  const runs = RAG_KEY_ORDER.flatMap((rag, i) => [
    ...textRuns(i ? ' · ' : 'RAG key: ', { bold: i === 0 }),
    ...textRuns(RAG_WORDS[rag], { bold: true, shading: { type: ShadingType.CLEAR, color: 'auto', fill: RAG_TINTS[rag] } }),
    ...textRuns(` ${RAG_MEANINGS[rag]}`),
  ]);
  return new Paragraph({ style: 'Caption', children: runs });
}

function countCells(counts: AssessmentCounts, run: Omit<IRunOptions, 'text' | 'children' | 'break'> = {}, fill?: string): TableCell[] {
  return ASSESSMENT_ORDER.map((a) => cell(String(counts[a]), run, fill));
}
