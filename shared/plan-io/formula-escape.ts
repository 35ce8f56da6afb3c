/**
 * CSV (formula) injection guard. A spreadsheet program opening an exported plan treats a cell that
 * starts with = + - or @ as a formula, so text clipped from a web page or typed by anyone on the team
 * ("=HYPERLINK(...)") could run when a reviewer opens the export (OWASP "CSV Injection"). On export
 * such cells get a leading apostrophe, which Excel and LibreOffice show as text; on import the
 * apostrophe is taken off again.
 *
 * The rule must be reversible for a round trip to lose nothing, so a value that already starts with
 * apostrophes followed by one of those characters ("'=x") gets one more, and import removes exactly
 * one. Values that merely start with an apostrophe ("'tis") are left alone both ways.
 */
const NEEDS_ESCAPE = /^'*[=+\-@]/;

export function escapeFormula(value: string): string {
  return NEEDS_ESCAPE.test(value) ? `'${value}` : value;
}

export function unescapeFormula(value: string): string {
  return value.startsWith("'") && NEEDS_ESCAPE.test(value.slice(1)) ? value.slice(1) : value;
}
