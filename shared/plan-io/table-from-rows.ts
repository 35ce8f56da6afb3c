import { err, ok, type Result } from '../result';
import { unescapeFormula } from './formula-escape';
import type { PlanImportError, PlanTable } from './types';

/** A row of a sheet as text, numbered as the spreadsheet program shows it (1-based). */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

/**
 * Finds the header row and turns the rows under it into a PlanTable, or null when no row looks like
 * headers. Plans usually carry a title ("ILACS Action Plan, refreshed March 2020") and a date above the
 * table, so the header row is the first with at least three distinct, short, non-numeric cells; a
 * title, even merged across the sheet, has one.
 */
export function findPlanTable(rows: RawRow[]): PlanTable | null {
  const cleaned = rows.map((row) => ({ rowNumber: row.rowNumber, cells: row.cells.map(cleanCell) }));
  const headerIndex = cleaned.findIndex((row) => looksLikeHeaderRow(row.cells));
  if (headerIndex === -1) return null;
  const headerRow = cleaned[headerIndex]!;
  const dataRows = cleaned.slice(headerIndex + 1).filter((row) => row.cells.some((cell) => cell !== ''));
  // Trailing columns with neither header nor data (Excel's CSV export often adds some) are dropped.
  const width = dataRows.reduce((max, row) => Math.max(max, lastFilledIndex(row.cells)), lastFilledIndex(headerRow.cells)) + 1;
  return {
    headers: uniqueHeaders(Array.from({ length: width }, (_, i) => headerRow.cells[i] ?? '')),
    rows: dataRows.map((row) => ({
      rowNumber: row.rowNumber,
      cells: Array.from({ length: width }, (_, i) => row.cells[i] ?? ''),
    })),
  };
}

/** The table under the header row, refusing a file with no header or no rows under it. */
export function requirePlanTable(rows: RawRow[], fileName: string): Result<PlanTable, PlanImportError> {
  const fileError = (message: string) => err<PlanImportError>({ row: null, column: null, message });
  if (!rows.some((row) => row.cells.some((cell) => cell.trim() !== ''))) return fileError(`The file "${fileName}" is empty.`);
  const table = findPlanTable(rows);
  if (!table) {
    const examples = '"Area for improvement", "Action", "Lead officer", "By when"';
    return fileError(`No header row found in "${fileName}": expected a row of column names such as ${examples}.`);
  }
  if (table.rows.length === 0) {
    return fileError(`"${fileName}" has a header row but no rows of actions under it.`);
  }
  return ok(table);
}

function cleanCell(cell: string): string {
  return unescapeFormula(cell.trim());
}

function looksLikeHeaderRow(cells: string[]): boolean {
  const headerLike = cells.filter((cell) => cell !== '' && cell.length <= 100 && !/^[\d\s.,/:%£-]+$/.test(cell));
  return new Set(headerLike.map((cell) => cell.toLowerCase())).size >= 3;
}

function lastFilledIndex(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i] !== '') return i;
  return -1;
}

/**
 * Extra columns are kept under their header, so headers must differ: a blank one is named by its
 * column letter as the spreadsheet shows it ("Column H"), a repeated one gets " (2)".
 */
function uniqueHeaders(headers: string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, i) => {
    let name = header === '' ? `Column ${columnLetter(i)}` : header;
    for (let n = 2; seen.has(name); n++) name = `${header || `Column ${columnLetter(i)}`} (${n})`;
    seen.add(name);
    return name;
  });
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
