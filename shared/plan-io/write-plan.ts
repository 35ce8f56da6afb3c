import { escapeFormula } from './formula-escape';
import { loadExcelJs } from './load-exceljs';
import { PLAN_COLUMN_HEADERS } from './plan-columns';
import { PLAN_JSON_FORMAT, PLAN_JSON_VERSION } from './read-json';
import { planToSheet } from './plan-rows';
import type { PlanDocument } from './types';

/**
 * CSV as Excel opens it cleanly: a UTF-8 byte-order mark (without it Excel on Windows reads the
 * file as Windows-1252 and mangles "’" and "£"), every cell quoted, CRLF between records, dates
 * as YYYY-MM-DD (no day/month ambiguity). Cells that would run as formulas are escaped (formula-escape.ts).
 */
export function planToCsv(plan: PlanDocument): string {
  const { headers, rows } = planToSheet(plan);
  const line = (cells: Array<string | { date: string }>) =>
    cells.map((cell) => `"${escapeFormula(typeof cell === 'string' ? cell : cell.date).replace(/"/g, '""')}"`).join(',');
  return `\uFEFF${[headers, ...rows].map(line).join('\r\n')}\r\n`;
}

/** The plan as a workbook: one sheet, bold frozen header row, wrapped text, real Excel dates. */
export async function planToXlsx(plan: PlanDocument): Promise<Uint8Array> {
  const { headers, rows } = planToSheet(plan);
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(headers.map(xlsxText)).font = { bold: true };
  for (const cells of rows) {
    // A date cell sorts and filters as a date; UTC midnight is the day exceljs writes as-is.
    sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? xlsxText(cell) : new Date(`${cell.date}T00:00:00Z`))));
  }
  headers.forEach((header, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = COLUMN_WIDTHS.get(header) ?? 20;
    column.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.getColumn(headers.indexOf(PLAN_COLUMN_HEADERS.dueDate) + 1).numFmt = 'dd/mm/yyyy';
  const buffer = await workbook.xlsx.writeBuffer();
  // Node hands back a Buffer; callers get a plain Uint8Array either way.
  return new Uint8Array(buffer as ArrayBuffer);
}

/**
 * Text as a workbook cell must hold it. Besides the formula guard: OOXML writes characters XML cannot
 * carry as "_xHHHH_", and readers (Excel, exceljs) decode that, so text that already looks like it
 * ("_x0041_") has its underscore escaped as "_x005F_" or it would come back as "A".
 */
function xlsxText(value: string): string {
  return escapeFormula(value).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

export function planToJson(plan: PlanDocument): string {
  return `${JSON.stringify({ format: PLAN_JSON_FORMAT, version: PLAN_JSON_VERSION, ...plan }, null, 2)}\n`;
}

/** Widths in characters: room for long text where plans write paragraphs, narrow for codes. */
const COLUMN_WIDTHS = new Map<string, number>([
  [PLAN_COLUMN_HEADERS.recommendationReference, 8],
  [PLAN_COLUMN_HEADERS.ofstedParagraph, 11],
  [PLAN_COLUMN_HEADERS.areaForImprovement, 45],
  [PLAN_COLUMN_HEADERS.actionReference, 9],
  [PLAN_COLUMN_HEADERS.actionTitle, 45],
  [PLAN_COLUMN_HEADERS.actionDescription, 40],
  [PLAN_COLUMN_HEADERS.lead, 20],
  [PLAN_COLUMN_HEADERS.dueDate, 12],
  [PLAN_COLUMN_HEADERS.deliveryRag, 10],
  [PLAN_COLUMN_HEADERS.impactRag, 10],
  [PLAN_COLUMN_HEADERS.successMeasures, 40],
  [PLAN_COLUMN_HEADERS.progress, 40],
  [PLAN_COLUMN_HEADERS.status, 12],
]);
