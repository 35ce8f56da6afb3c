import type { Cell } from 'exceljs';
import { err, ok, type Result } from '../result';
import { cellText } from './cell-text';
import { loadExcelJs } from './load-exceljs';
import type { RawRow } from './table-from-rows';
import type { PlanImportError } from './types';

export interface RawSheet {
  name: string;
  rows: RawRow[];
}

/** The visible worksheets of a workbook, each as rows of text, in the workbook's order. */
export async function readXlsxSheets(bytes: Uint8Array): Promise<Result<RawSheet[], PlanImportError>> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types ask for a Node Buffer, but it hands the bytes to JSZip, which takes a Uint8Array.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    const message = `The workbook cannot be opened (${(e as Error).message}); is it damaged or password-protected?`;
    return err({ row: null, column: null, message });
  }
  const sheets: RawSheet[] = [];
  for (const worksheet of workbook.worksheets) {
    // Councils hide lookup lists and old versions on hidden sheets; the plan is what people can see.
    if (worksheet.state === 'hidden' || worksheet.state === 'veryHidden') continue;
    const rows: RawRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let col = 1; col <= row.cellCount; col++) cells.push(mergedCellText(row.getCell(col)));
      rows.push({ rowNumber, cells });
    });
    sheets.push({ name: worksheet.name, rows });
  }
  return ok(sheets);
}

/**
 * exceljs gives every cell of a merged range its top-left cell's value. A range merged down a column
 * (one area for improvement over its three actions) means that value on each row, so it is kept; a
 * range merged across (a title over the whole table) is one value, so only its first cell has it, or
 * a title row would look like a row of headers.
 */
function mergedCellText(cell: Cell): string {
  if (cell.isMerged && cell.master !== cell && cell.master.col !== cell.col) return '';
  return cellText(cell.value).replace(/\r\n?/g, '\n');
}
