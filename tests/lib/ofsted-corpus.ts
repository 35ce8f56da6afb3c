import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normaliseAuthorityName } from '../../shared/extract/gazetteer';
import type { PageMetadata } from '../../shared/schema/page-metadata';

/**
 * The 55 real Ofsted ILACS reports kept beside the repository (`../shared/corpus/ofsted-ilacs/`,
 * described in its README), and how extraction is scored against their `expected.json`: the fields a
 * held-out set of other councils' reports is scored on, compared as the README says.
 */

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/ofsted-ilacs/', import.meta.url));

export interface CorpusDoc {
  file: string;
  /** Absolute path of the PDF. */
  path: string;
  url: string;
  /** The council as the report's title (or the line above it) prints it. */
  la_as_printed: string;
  la_names: string[];
  lead_inspector: string;
  lead_inspectors?: string[];
  start: string;
  end: string;
  judgements: Record<string, string>;
}

export function loadCorpus(): CorpusDoc[] {
  const expected = `${CORPUS_DIR}expected.json`;
  if (!existsSync(expected)) {
    throw new Error(`the Ofsted ILACS corpus is missing: ${expected} not found (it is kept beside the repository, in ../shared/corpus/ofsted-ilacs/)`);
  }
  const { docs } = JSON.parse(readFileSync(expected, 'utf8')) as { docs: Omit<CorpusDoc, 'path'>[] };
  return docs.map((doc) => {
    const path = `${CORPUS_DIR}${doc.file}`;
    if (!existsSync(path)) throw new Error(`the Ofsted ILACS corpus lists ${doc.file}, which is not in ${CORPUS_DIR}`);
    return { ...doc, path };
  });
}

// The title printed after a lead inspector's name, which the corpus leaves out ("…, His Majesty's Inspector").
const INSPECTOR_TITLE = /,?\s*\(?(?:(?:Senior\s+)?(?:His|Her)\s+Majesty[’']s\s+Inspector|(?:Senior\s+)?HMI)\)?\s*(?:,\s*)?/gi;

/** The lead inspectors' names as printed, without their title: "A, HMI, and B, HMI" → ["A", "B"]. */
export function inspectorNames(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(INSPECTOR_TITLE)
    .map((name) => name.trim().replace(/^and\s+/i, '').replace(/,$/, '').trim())
    .filter(Boolean);
}

/** One compared value: the field, what the corpus says, what was read, and whether they agree. */
export interface Comparison {
  file: string;
  field: string;
  expected: unknown;
  actual: unknown;
  right: boolean;
}

const compare = (file: string, field: string, expected: unknown, actual: unknown, right = JSON.stringify(expected) === JSON.stringify(actual)): Comparison => ({
  file,
  field,
  expected,
  actual,
  right,
});

/** Every scored field of one report: lead inspector, start, end, each judgement, council, document type, publication date. */
export function compareWithCorpus(doc: CorpusDoc, metadata: PageMetadata): Comparison[] {
  const activity = metadata.ofsted_activity;
  const names = inspectorNames(activity?.lead_inspector);
  const expectedNames = doc.lead_inspectors ?? [doc.lead_inspector];
  const council = metadata.subject_local_authority;
  const grades = new Map((metadata.judgement_table ?? []).map((row) => [row.area_key, row.grade_key]));
  const extraRows = [...grades.keys()].filter((key) => !key || !(key in doc.judgements));
  return [
    compare(doc.file, 'ofsted_activity.lead_inspector', expectedNames, names),
    compare(doc.file, 'ofsted_activity.start', doc.start, activity?.start ?? null),
    compare(doc.file, 'ofsted_activity.end', doc.end, activity?.end ?? null),
    ...Object.entries(doc.judgements).map(([area, grade]) => compare(doc.file, `judgement_table.${area}`, grade, grades.get(area as never) ?? null)),
    ...extraRows.map((area) => compare(doc.file, `judgement_table.${area}`, null, grades.get(area) ?? null, false)),
    compare(doc.file, 'subject_local_authority', doc.la_names, council, council !== null && doc.la_names.map(normaliseAuthorityName).includes(normaliseAuthorityName(council))),
    compare(doc.file, 'document_type', 'ofsted_ilacs_inspection_report', metadata.document_type),
    compare(doc.file, 'publication_date', null, metadata.publication_date),
  ];
}

/** Per field: right / compared, and the reports that miss it, with what was read; then the overall share. */
export function scoreTable(comparisons: readonly Comparison[]): { table: string; right: number; total: number } {
  const byField = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const field = c.field.startsWith('judgement_table.') ? 'judgement_table rows' : c.field;
    byField.set(field, [...(byField.get(field) ?? []), c]);
  }
  const width = Math.max(...[...byField.keys()].map((f) => f.length));
  const lines = [...byField].map(([field, cs]) => {
    const misses = cs.filter((c) => !c.right);
    const detail = misses.map((c) => `\n    ${c.file} ${c.field}: read ${JSON.stringify(c.actual)}, expected ${JSON.stringify(c.expected)}`).join('');
    return `${field.padEnd(width)}  ${cs.length - misses.length} / ${cs.length}${detail}`;
  });
  const right = comparisons.filter((c) => c.right).length;
  const total = comparisons.length;
  lines.push(`${'overall'.padEnd(width)}  ${right} / ${total} (${((100 * right) / total).toFixed(1)} %)`);
  return { table: lines.join('\n'), right, total };
}
