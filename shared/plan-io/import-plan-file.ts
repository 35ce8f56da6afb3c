import { err, type Result } from '../result';
import { buildPlanDocument } from './build-plan';
import { checkPlanFile, type PlanFile } from './check-file';
import { decodeText } from './decode-text';
import { guessColumnMapping } from './guess-columns';
import { readPlanJson } from './read-json';
import { readPlanTable } from './read-table';
import type { PlanDocument, PlanImportError } from './types';

/**
 * A file straight to a plan, trusting the guessed column mapping: for tests, scripts and files
 * Evident wrote itself. The import dialog instead shows the table and the guess, and lets the person
 * correct the mapping before calling `buildPlanDocument`.
 */
export async function importPlanFile(
  file: PlanFile,
  name = file.name.replace(/\.[^.]*$/, ''),
): Promise<Result<PlanDocument, PlanImportError[]>> {
  const kind = checkPlanFile(file);
  if (!kind.ok) return err([kind.error]);
  if (kind.value === 'json') {
    // A JSON plan carries its own name; the one given is for tables, which do not.
    return readPlanJson(decodeText(file.bytes));
  }
  const table = await readPlanTable(file);
  if (!table.ok) return err([table.error]);
  return buildPlanDocument(table.value, guessColumnMapping(table.value.headers), name);
}

/** `Row 7, "By when": "31/02/2020" is not a date…` — an error as one line, for lists and logs. */
export function describePlanImportError(error: PlanImportError): string {
  const where = [error.row === null ? '' : `Row ${error.row}`, error.column === null ? '' : `"${error.column}"`]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}
