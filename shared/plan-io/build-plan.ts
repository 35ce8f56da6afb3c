import { err, ok, type Result } from '../result';
import { isOwnColumnHeader, planFieldLabel } from './plan-columns';
import { readActionRow } from './read-action-row';
import type {
  ColumnMapping,
  PlanDocument,
  PlanDocumentAction,
  PlanDocumentRecommendation,
  PlanField,
  PlanImportError,
  PlanTable,
} from './types';

interface RecommendationDraft {
  text: string;
  actions: PlanDocumentAction[];
  /** Its number and Ofsted paragraph, and the row that first gave each, to name in a conflict. */
  firstGiven: Partial<Record<'reference' | 'ofstedParagraph', { row: number; value: string }>>;
}

/**
 * Turns a table into a plan: one row per action; rows sharing an area for improvement are one
 * recommendation. All or nothing: every problem in the file is reported, and no plan is returned
 * while there is any, so a half-imported plan never reaches the workspace.
 */
export function buildPlanDocument(
  table: PlanTable,
  mapping: ColumnMapping,
  name: string,
): Result<PlanDocument, PlanImportError[]> {
  const missing = missingColumnErrors(table, mapping);
  if (missing.length > 0) return err(missing);

  const errors: PlanImportError[] = [...planNameErrors(name.trim()), ...ownNameErrors(table, mapping)];
  const recommendations: RecommendationDraft[] = [];
  const byText = new Map<string, RecommendationDraft>();
  const referenceRows = new Map<string, number>();
  let current: RecommendationDraft | undefined;
  const header = (field: PlanField) => table.headers[mapping[field]!] ?? null;
  const fail = (row: number, field: PlanField, message: string) => errors.push({ row, column: header(field), message });

  for (const row of table.rows) {
    const cell = (field: PlanField) => (mapping[field] === undefined ? '' : (row.cells[mapping[field]] ?? '').trim());
    const text = cell('areaForImprovement');
    if (text !== '') {
      // Councils retype the same area with a stray space or capital; it is still one recommendation.
      const key = text.replace(/\s+/g, ' ').toLowerCase();
      current = byText.get(key);
      if (!current) {
        current = { text, actions: [], firstGiven: {} };
        byText.set(key, current);
        recommendations.push(current);
      }
    } else if (!current) {
      // A blank area for improvement continues the one above (a merged cell exports as blanks).
      fail(row.rowNumber, 'areaForImprovement', 'is blank, and no row above gives an area for improvement for this row to continue');
      continue;
    }
    const recommendation = current;
    // The number and paragraph belong to the recommendation: given once (or repeated alike) over its rows.
    for (const [field, key] of [['recommendationReference', 'reference'], ['ofstedParagraph', 'ofstedParagraph']] as const) {
      const value = cell(field);
      if (value === '') continue;
      const first = recommendation.firstGiven[key];
      if (!first) recommendation.firstGiven[key] = { row: row.rowNumber, value };
      else if (value !== first.value) {
        fail(row.rowNumber, field, `"${value}" differs from "${first.value}" on row ${first.row}, for the same area for improvement`);
      }
    }

    const { action, errors: rowErrors } = readActionRow(table, mapping, row);
    errors.push(...rowErrors);
    if (!action) continue;
    if (action.reference !== '') {
      const firstRow = referenceRows.get(action.reference);
      if (firstRow === undefined) referenceRows.set(action.reference, row.rowNumber);
      else {
        const message = `"${action.reference}" is also the reference of the action on row ${firstRow}; each action needs its own`;
        fail(row.rowNumber, 'actionReference', message);
      }
    }
    recommendation.actions.push(action);
  }
  if (errors.length > 0) return err(errors);

  return ok({
    name: name.trim(),
    recommendations: recommendations.map(({ text, actions, firstGiven }, i): PlanDocumentRecommendation => ({
      // A number column left blank is kept blank ("as written"); without one, the number is worked out.
      reference:
        mapping.recommendationReference === undefined ? derivedReference(actions, i) : (firstGiven.reference?.value ?? ''),
      text,
      ofstedParagraph: firstGiven.ofstedParagraph?.value ?? null,
      actions,
    })),
  });
}

function missingColumnErrors(table: PlanTable, mapping: ColumnMapping): PlanImportError[] {
  const found = table.headers.map((h) => `"${h}"`).join(', ');
  return (['areaForImprovement', 'actionTitle'] as const)
    .filter((field) => mapping[field] === undefined || table.headers[mapping[field]] === undefined)
    .map((field) => ({
      row: null,
      column: null,
      message: `No column holds "${planFieldLabel(field)}"; the columns found are ${found}.`,
    }));
}

/** The plan record's own limits (shared/schema/plan.ts), checked here so the preview shows them. */
function planNameErrors(name: string): PlanImportError[] {
  if (name === '') return [{ row: null, column: null, message: 'The plan needs a name.' }];
  if (name.length > 200) return [{ row: null, column: null, message: `The plan's name is ${name.length} characters; the limit is 200.` }];
  return [];
}

/**
 * An unmapped column is kept as an extra column under its header, and exported under it again; a
 * column named like one Evident writes itself ("Progress", left unmapped) would then appear twice.
 */
function ownNameErrors(table: PlanTable, mapping: ColumnMapping): PlanImportError[] {
  const mapped = new Set(Object.values(mapping));
  return table.headers.flatMap((header, i) =>
    !mapped.has(i) && isOwnColumnHeader(header) && table.rows.some((row) => (row.cells[i] ?? '').trim() !== '')
      ? [{ row: null, column: header, message: 'is not mapped to a field, but Evident exports a column of that name; map it, or rename it in the file' }]
      : [],
  );
}

/**
 * A plan without a recommendation number column still numbers its actions "3.1", "3.2": the part
 * before the first "." is the recommendation's number. Failing that, its position in the plan.
 */
function derivedReference(actions: PlanDocumentAction[], index: number): string {
  const numbered = actions.filter((a) => a.reference !== '');
  const prefixes = new Set(numbered.map((a) => (a.reference.includes('.') ? a.reference.split('.')[0]!.trim() : '')));
  const [prefix] = prefixes;
  return prefixes.size === 1 && prefix ? prefix : String(index + 1);
}
