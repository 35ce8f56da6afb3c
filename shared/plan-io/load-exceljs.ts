/**
 * exceljs is loaded only when a workbook is read or written: it is ~0.9 MB minified, and most pages
 * that import plan-io never touch XLSX. Bundlers for the browser (Vite, as WXT uses) resolve the
 * package's `browser` field to its self-contained build (`dist/exceljs.min.js`, with its own Buffer and
 * stream shims); Node resolves `main`. Both hand back the same API.
 *
 * The module is CommonJS, so under Node's ESM loader the API arrives as `default`; a bundler may give
 * it either way.
 */
export type ExcelJs = typeof import('exceljs');

export async function loadExcelJs(): Promise<ExcelJs> {
  const module = (await import('exceljs')) as ExcelJs & { default?: ExcelJs };
  return module.default ?? module;
}
