import type { PageMetadata } from '../../shared/schema/page-metadata';

/**
 * Comparing extracted metadata with the fixture sidecars (`*.expected.json`), field by field: the
 * same fields, the same "core" rule and the same printed score for HTML pages (extract.test.ts) and
 * PDFs (extract-pdf.test.ts).
 */

export type Sidecar = Record<string, unknown> & Pick<PageMetadata, 'document_type'>;

type Record_ = Record<string, unknown>;

/** One fixture as a test holds it: what the sidecar says, and what the extractor read. */
export interface ComparedFixture {
  name: string;
  expected: Sidecar;
  actual: PageMetadata;
}

export interface Field {
  name: string;
  /** Core fields must match exactly (or be a listed known gap, returned as null). */
  core: boolean;
  pick: (metadata: Record_) => unknown;
  appliesTo?: (expected: Sidecar) => boolean;
}

/** A core value the document itself does not show, so the extractor must return null rather than guess. */
export interface KnownGap {
  fixture: string;
  field: string;
  reason: string;
}

const plain = (name: string, core: boolean): Field => ({ name, core, pick: (m) => m[name] ?? null });

const activity = (key: string, core: boolean): Field => ({
  name: `ofsted_activity.${key}`,
  core,
  pick: (m) => (m['ofsted_activity'] as Record_ | null)?.[key] ?? null,
});

const rows = (name: string, keys: string[], core: boolean): Field => ({
  name,
  core,
  pick: (m) =>
    (m[name] as Record_[] | null)?.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]))) ?? null,
});

export const FIELDS: Field[] = [
  plain('title', true),
  plain('publisher', true),
  plain('publisher_kind', false),
  plain('document_type', true),
  plain('subject_local_authority', true),
  plain('committee', true),
  plain('meeting_date', true),
  plain('meeting_time', false),
  plain('agenda_item', false),
  plain('publication_date', true),
  plain('report_authors', false),
  activity('type', false),
  activity('dates_as_written', true),
  activity('start', true),
  activity('end', true),
  activity('report_published', true),
  activity('lead_inspector', true),
  rows('judgement_table', ['area', 'area_key', 'grade', 'grade_key'], true),
  rows('judgements_in_text', ['area_key', 'grade_key'], false),
  plain('areas_for_improvement', true),
  plain('recommendations_to_meeting', false),
  { ...plain('publications', true), appliesTo: (expected) => expected.document_type === 'ofsted_provider_page' },
];

/**
 * Sidecar fields the extractors fill that FIELDS leaves out, compared where a sidecar uses the
 * extractor's vocabulary (the council renderings' sidecars do; the seed fixtures' describe these in
 * prose). Pass `[...FIELDS, ...EXTRA_FIELDS]` to score them too.
 */
export const EXTRA_FIELDS: Field[] = [
  plain('platform', false),
  plain('page_type', false),
  plain('areas_for_improvement_origin', false),
  plain('decisions_or_resolutions', false),
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every core field of every fixture it applies to, with the known gap that excuses it, if any. */
export function coreCases(fixtures: ComparedFixture[], gaps: KnownGap[], fields: Field[] = FIELDS) {
  return fixtures.flatMap((f) =>
    fields.filter((field) => field.core && (field.appliesTo?.(f.expected) ?? true)).map((field) => ({
      fixture: f.name,
      field: field.name,
      actual: field.pick(f.actual as Record_),
      expected: field.pick(f.expected),
      gap: gaps.find((g) => g.fixture === f.name && g.field === field.name) ?? null,
    })),
  );
}

/** Core fields that differ from the sidecar and are not a known gap. */
export const coreMisses = (fixtures: ComparedFixture[], gaps: KnownGap[], fields: Field[] = FIELDS) =>
  coreCases(fixtures, gaps, fields).filter((c) => !c.gap && !same(c.actual, c.expected));

/** Per field, how many of the fixtures it applies to match their sidecar. */
export function fieldScores(fixtures: ComparedFixture[], fields: Field[] = FIELDS) {
  return fields
    .map((field) => {
      const applicable = fixtures.filter((f) => field.appliesTo?.(f.expected) ?? true);
      const misses = applicable.filter((f) => !same(field.pick(f.actual as Record_), field.pick(f.expected))).map((f) => f.name);
      return { field, total: applicable.length, matched: applicable.length - misses.length, misses };
    })
    .filter((score) => score.total > 0);
}

/** Matched and total values over every field and fixture. */
export function overallScore(fixtures: ComparedFixture[], fields: Field[] = FIELDS) {
  const scores = fieldScores(fixtures, fields);
  const matched = scores.reduce((sum, s) => sum + s.matched, 0);
  const total = scores.reduce((sum, s) => sum + s.total, 0);
  return { matched, total, share: total === 0 ? 1 : matched / total };
}

/** The per-field score as a printable table: matched / total for every field, core ones starred. */
export function scoreTable(fixtures: ComparedFixture[], fields: Field[] = FIELDS): string {
  const lines = [`${'field'.padEnd(34)} matched / total`];
  let matched = 0;
  let total = 0;
  for (const field of fields) {
    const applicable = fixtures.filter((f) => field.appliesTo?.(f.expected) ?? true);
    if (applicable.length === 0) continue;
    const hits = applicable.filter((f) => same(field.pick(f.actual as Record_), field.pick(f.expected))).length;
    matched += hits;
    total += applicable.length;
    lines.push(`${(field.name + (field.core ? ' *' : '')).padEnd(34)} ${hits} / ${applicable.length}`);
  }
  lines.push(`${'overall'.padEnd(34)} ${matched} / ${total} (${((100 * matched) / total).toFixed(1)}%)`);
  lines.push('(* core field: exact match asserted, known gaps excepted)');
  return lines.join('\n');
}

export const describeGaps = (gaps: KnownGap[]) => `KNOWN_GAPS\n${gaps.map((g) => `- ${g.fixture} ${g.field}: ${g.reason}`).join('\n')}`;
