import { err, type Result } from '../result';
import { checkPlanFile, type PlanFile } from './check-file';
import { readCsvRows } from './read-csv';
import { readXlsxSheets } from './read-xlsx';
import { guessColumnMapping } from './guess-columns';
import { findPlanTable, requirePlanTable } from './table-from-rows';
import type { PlanImportError, PlanTable } from './types';

/**
 * Reads a .csv or .xlsx plan as a table of text: the header row and the rows under it. Checks the
 * file first (empty, too big, not a spreadsheet), so a wrong file gets one clear message.
 * Runs in the browser as well as Node: only Uint8Array in, no fs or Buffer.
 */
export async function readPlanTable(file: PlanFile): Promise<Result<PlanTable, PlanImportError>> {
  const kind = checkPlanFile(file);
  if (!kind.ok) return kind;
  if (kind.value === 'json') {
    const message = `The file "${file.name}" is JSON, not a table; import it with importPlanFile or readPlanJson.`;
    return err({ row: null, column: null, message });
  }
  if (kind.value === 'csv') {
    const rows = readCsvRows(file.bytes);
    return rows.ok ? requirePlanTable(rows.value, file.name) : rows;
  }
  const sheets = await readXlsxSheets(file.bytes);
  if (!sheets.ok) return sheets;
  // A workbook often opens on a cover or guidance sheet: the plan is the first sheet whose table has
  // the columns a plan needs, else the first with any table.
  const tables = sheets.value.map((sheet) => ({ sheet, table: findPlanTable(sheet.rows) }));
  const chosen = tables.find(({ table }) => table && hasPlanColumns(table)) ?? tables.find(({ table }) => table);
  const planSheet = chosen?.sheet ?? sheets.value[0];
  return requirePlanTable(planSheet?.rows ?? [], file.name);
}

function hasPlanColumns(table: PlanTable): boolean {
  const mapping = guessColumnMapping(table.headers);
  return mapping.areaForImprovement !== undefined && mapping.actionTitle !== undefined && table.rows.length > 0;
}
