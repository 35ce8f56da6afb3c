import type { CellValue } from 'exceljs';

/**
 * An Excel cell's value as the text a person sees, so that an XLSX plan reads like the same plan saved
 * as CSV: dates as ISO "YYYY-MM-DD" (the import's unambiguous form), rich text joined, a formula's
 * cached result, a hyperlink's text (the words shown, not the address).
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDateOf(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('error' in value) return value.error;
  return '';
}

/**
 * exceljs turns Excel's serial day numbers into Dates at UTC midnight, so the UTC fields are the day
 * typed into the sheet whatever the reader's time zone.
 */
function isoDateOf(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}
