import Papa from 'papaparse';
import { err, ok, type Result } from '../result';
import { decodeText } from './decode-text';
import type { RawRow } from './table-from-rows';
import type { PlanImportError } from './types';

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * A CSV file's records. Councils export with "," or, from Excel set to a European locale, ";" (and
 * "Unicode Text" uses tabs). Cells may hold line breaks inside quotes, so a record's number, not
 * its line, is its row number, as Excel would show it.
 */
export function readCsvRows(bytes: Uint8Array): Result<RawRow[], PlanImportError> {
  const text = decodeText(bytes);
  const parsed = bestParse(text);
  const broken = quoteErrors(parsed)[0];
  if (broken) {
    const rowNumber = broken.row === undefined ? null : broken.row + 1;
    return err({
      row: rowNumber,
      column: null,
      message: `A quoted value starts ${rowNumber === null ? 'in the file' : 'on this row'} but is never closed (its closing " is missing).`,
    });
  }
  return ok(parsed.data.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map(normaliseLineBreaks) })));
}

/**
 * Papa Parse's own delimiter guess looks at ten rows and prefers more fields on a tie, so a short
 * file whose quoted cells are full of ";" can be misread. Instead each delimiter reads the whole
 * file, and the one that makes a table (two or more columns), parses cleanly and is most regular
 * wins: Excel writes every row with the same number of fields, title rows included. Ties go to ",".
 */
function bestParse(text: string): Papa.ParseResult<string[]> {
  const scored = DELIMITERS.map((delimiter) => {
    const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
    const widths = parsed.data.filter((row) => row.some((cell) => cell.trim() !== '')).map((row) => row.length);
    const { width, count } = commonestWidth(widths);
    // A table has at least two columns; a delimiter that splits nothing scores no regularity.
    const isTable = width >= 2;
    const parsesCleanly = quoteErrors(parsed).length === 0;
    const score = [isTable ? 1 : 0, parsesCleanly ? 1 : 0, isTable ? count / widths.length : 0, isTable ? width : 0];
    return { parsed, score };
  });
  return scored.reduce((best, next) => (ranksHigher(next.score, best.score) ? next : best)).parsed;
}

/** Compares scores as tuples: the first criterion that differs decides. */
function ranksHigher(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function commonestWidth(widths: number[]): { width: number; count: number } {
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  let best = { width: 0, count: 0 };
  for (const [width, count] of counts) {
    if (count > best.count || (count === best.count && width > best.width)) best = { width, count };
  }
  return best;
}

function quoteErrors(parsed: Papa.ParseResult<string[]>): Papa.ParseError[] {
  // "UndetectableDelimiter" and field-count warnings are not errors here: a one-column file is valid.
  return parsed.errors.filter((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
}

/** Windows line breaks inside a cell become "\n", as they do when Excel reads the same cell. */
function normaliseLineBreaks(cell: string): string {
  return cell.replace(/\r\n?/g, '\n');
}
