import { parseDueDate, NO_DATE_WORDS } from './parse-due-date';
import { parseRag, parseStatus, RAG_ACCEPTED, STATUS_ACCEPTED } from './parse-rag-status';
import { PLAN_COLUMN_HEADERS } from './plan-columns';
import type { ColumnMapping, PlanDocumentAction, PlanField, PlanImportError, PlanTable } from './types';

type Row = PlanTable['rows'][number];

/**
 * One row's action, with every problem in the row (not just the first), so a person fixes the file in
 * one pass. `action` is null for a row that only names a recommendation: council plans often put the
 * area for improvement on a row of its own above its actions, and an export writes a recommendation
 * that has no actions yet the same way.
 */
export function readActionRow(
  table: PlanTable,
  mapping: ColumnMapping,
  row: Row,
): { action: PlanDocumentAction | null; errors: PlanImportError[] } {
  const errors: PlanImportError[] = [];
  const cell = (field: PlanField) => (mapping[field] === undefined ? '' : (row.cells[mapping[field]] ?? '').trim());
  const fail = (field: PlanField, message: string) =>
    errors.push({ row: row.rowNumber, column: table.headers[mapping[field]!] ?? null, message });

  const extra = extraColumns(table, mapping, row);
  const actionFields = PLAN_ACTION_FIELDS.filter((field) => cell(field) !== '');
  if (actionFields.length === 0 && Object.keys(extra).length === 0) return { action: null, errors };

  const title = cell('actionTitle');
  if (title === '') fail('actionTitle', 'is blank, but the row has other details of an action; every action needs one');

  let dueDate: string | null = null;
  const due = parseDueDate(cell('dueDate'));
  if (due.kind === 'date') dueDate = due.date;
  // A month alone ("June 2020") keeps its words too, so it is shown as the plan wrote it, not as the
  // month's last day (the date is only for sorting and overdue checks).
  if (due.kind === 'date' && due.precision === 'month') setOwn(extra, PLAN_COLUMN_HEADERS.dueDate, cell('dueDate'));
  // Kept under Evident's own name for the column, whatever the file called it ("Deadline"), so that
  // an export writes "Ongoing" back where the dates go rather than in a column of its own.
  else if (due.kind === 'no-date') setOwn(extra, PLAN_COLUMN_HEADERS.dueDate, cell('dueDate'));
  else if (due.kind === 'invalid') {
    const words = NO_DATE_WORDS.slice(0, 4).map((w) => `"${w}"`).join(', ');
    fail('dueDate', `"${cell('dueDate')}" is not a date; write a date such as ${DATE_EXAMPLES}, or a word such as ${words}`);
  }

  const rag = (field: 'deliveryRag' | 'impactRag') => {
    const value = parseRag(cell(field));
    if (value === undefined) fail(field, `"${cell(field)}" is not a RAG rating; use ${RAG_ACCEPTED}`);
    return value ?? null;
  };
  const deliveryRag = rag('deliveryRag');
  const impactRag = rag('impactRag');
  const status = parseStatus(cell('status'));
  if (status === undefined) fail('status', `"${cell('status')}" is not a status; use ${STATUS_ACCEPTED}`);

  return {
    action: {
      reference: cell('actionReference'),
      title,
      description: cell('actionDescription'),
      lead: cell('lead'),
      dueDate,
      deliveryRag,
      impactRag,
      successMeasures: cell('successMeasures'),
      progress: cell('progress'),
      extra,
      status: status ?? 'not_started',
    },
    errors,
  };
}

const PLAN_ACTION_FIELDS: readonly PlanField[] = [
  'actionReference', 'actionTitle', 'actionDescription', 'lead', 'dueDate',
  'deliveryRag', 'impactRag', 'successMeasures', 'progress', 'status',
];

const DATE_EXAMPLES = '31/03/2020, 2020-03-31, 31 March 2020 or March 2020';

/** Columns the plan has but Evident does not model ("Evidence references", "Comments"), kept by header. */
function extraColumns(table: PlanTable, mapping: ColumnMapping, row: Row): Record<string, string> {
  const mapped = new Set(Object.values(mapping));
  const extra: Record<string, string> = {};
  table.headers.forEach((header, i) => {
    const value = (row.cells[i] ?? '').trim();
    if (!mapped.has(i) && value !== '') setOwn(extra, header, value);
  });
  return extra;
}

/** Sets a key that came from a file: a column headed "__proto__" must be a column, not a prototype. */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
