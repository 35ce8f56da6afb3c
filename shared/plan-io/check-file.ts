import { err, ok, type Result } from '../result';
import type { PlanImportError } from './types';
import { declaredUnzippedBytes } from './zip-directory';

export interface PlanFile {
  name: string;
  bytes: Uint8Array;
}

export type PlanFileKind = 'csv' | 'xlsx' | 'json';

/** Plans are a few hundred rows; anything bigger is the wrong file, and parsing it would freeze the page. */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

const MB = 1024 * 1024;

/**
 * What a workbook may unpack to. A few hundred rows of plan are a few MB of sheet XML; this leaves
 * room for formatting and images while keeping a zip bomb from filling the page's memory.
 */
export const MAX_WORKBOOK_UNZIPPED_BYTES = 100 * MB;

/**
 * Decides how to read a file, or says why it cannot be read. The extension says what the person meant;
 * the first bytes say what the file is. A PDF renamed .csv, a Word document or an old .xls would
 * otherwise parse as garbage "rows" and fail with a confusing message about columns.
 */
export function checkPlanFile(file: PlanFile): Result<PlanFileKind, PlanImportError> {
  const fail = (message: string) => err<PlanImportError>({ row: null, column: null, message });
  const name = `"${file.name}"`;
  if (file.bytes.length === 0) return fail(`The file ${name} is empty.`);
  if (file.bytes.length > MAX_PLAN_FILE_BYTES) {
    return fail(`The file ${name} is ${(file.bytes.length / MB).toFixed(1)} MB; the limit is ${MAX_PLAN_FILE_BYTES / MB} MB.`);
  }
  const extension = /\.([^.]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const sniffed = sniffBinaryType(file.bytes);
  if (sniffed === 'xlsx') {
    const unzipped = declaredUnzippedBytes(file.bytes);
    if (unzipped !== null && unzipped > MAX_WORKBOOK_UNZIPPED_BYTES) {
      const size = Number.isFinite(unzipped) ? `${Math.round(unzipped / MB)} MB` : 'more than 4 GB';
      return fail(`The workbook ${name} unpacks to ${size}; the limit is ${MAX_WORKBOOK_UNZIPPED_BYTES / MB} MB. Save the plan on its own, without other sheets or pictures.`);
    }
    return ok('xlsx');
  }
  if (sniffed) return fail(`The file ${name} is ${sniffed}, not a plan; import a .csv, .xlsx or .json file.`);
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return ok('csv');
  if (extension === 'json') return ok('json');
  if (extension === 'xlsx' || extension === 'xlsm') {
    return fail(`The file ${name} is not an Excel workbook (it holds text); if it is a CSV file, rename it to .csv.`);
  }
  if (extension === 'xls') return fail(`The file ${name} is an old-format Excel file (.xls); save it as .xlsx or .csv.`);
  return fail(`The file ${name} is not a CSV, Excel (.xlsx) or JSON file; import one of those.`);
}

/** The type of a binary file from its first bytes ("a PDF"), 'xlsx' for a workbook, null for text. */
function sniffBinaryType(bytes: Uint8Array): string | null {
  const startsWith = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  if (startsWith(0x25, 0x50, 0x44, 0x46)) return 'a PDF';
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return 'an old-format Office file (.xls or .doc); save it as .xlsx or .csv';
  }
  if (startsWith(0x50, 0x4b, 0x03, 0x04) || startsWith(0x50, 0x4b, 0x05, 0x06)) {
    // Office files are zip archives; the part names (stored uncompressed) say which application made them.
    if (containsAscii(bytes, 'xl/workbook')) return 'xlsx';
    if (containsAscii(bytes, 'word/document')) return 'a Word document';
    if (containsAscii(bytes, 'ppt/presentation')) return 'a PowerPoint presentation';
    return 'a zip archive';
  }
  if (startsWith(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (startsWith(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (startsWith(0x47, 0x49, 0x46, 0x38)) return 'a GIF image';
  // Excel's "Unicode Text" is UTF-16, full of zero bytes but text all the same.
  if (startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff)) return null;
  if (bytes.subarray(0, 8192).includes(0)) return 'a binary file';
  return null;
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i !== -1 && i <= bytes.length - text.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < text.length; j++) if (bytes[i + j] !== text.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}
