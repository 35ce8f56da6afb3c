import type * as Y from 'yjs';
import { normalizeQuote, stableHash } from '../ids';
import { ActivityRecord } from '../schema/activity';
import type { Evidence } from '../schema/evidence';
import type { Source } from '../schema/source';
import type { Result } from '../result';
import { activityOf, collectionOf, type Collection } from './layout';
import { effectiveMetadata, uncertainFields } from './source-corrections';
import { parseJsonObject, readAction, readEvidence, readPlan, readRecommendation, readSource, readTag } from './read';
import type {
  ActionRow,
  ActivityRow,
  EvidenceRow,
  PlanRow,
  Projection,
  RecommendationRow,
  SourceRow,
  TagRow,
} from './rows';

export function sourceRowOf(source: Source): SourceRow {
  const m = effectiveMetadata(source);
  return {
    ...source,
    title: m.title ?? source.pageTitle,
    council: m.subject_local_authority ?? m.publisher,
    documentType: m.document_type,
    // The date the evidence is about: the meeting's, else the publication's, else (an Ofsted report
    // whose publication date is not printed on it) the last day of the inspection.
    documentDate: m.meeting_date ?? m.publication_date ?? m.ofsted_activity?.report_published ?? m.ofsted_activity?.end ?? null,
  };
}

export const quoteKeyOf = (sourceId: string, quote: string) => `${sourceId}|${stableHash(normalizeQuote(quote))}`;

export function evidenceRowOf(evidence: Evidence, source: SourceRow | null): EvidenceRow {
  return {
    ...evidence,
    quote: evidence.anchor.quote.exact,
    quoteKey: quoteKeyOf(evidence.sourceId, evidence.anchor.quote.exact),
    paragraph: evidence.anchor.paragraph,
    page: evidence.anchor.page ?? null,
    actionIds: evidence.links.map((l) => l.actionId),
    deleted: evidence.deletedAt ? 1 : 0,
    sourceUrl: source?.url ?? null,
    sourceTitle: source?.title ?? null,
    council: source?.council ?? null,
    publisher: source ? effectiveMetadata(source).publisher : null,
    documentType: source?.documentType ?? null,
    documentDate: source?.documentDate ?? null,
    uncertainFields: source ? uncertainFields(source) : [],
  };
}

/** Looks a source row up: from the doc here, from the local database in the extension's fast path. */
export type SourceLookup = (sourceId: string) => SourceRow | null;

export const docSourceLookup =
  (doc: Y.Doc): SourceLookup =>
  (id) => {
    const s = readSource(doc, id);
    return s.ok ? sourceRowOf(s.value) : null;
  };

/** Projects one record; `null` when it is absent; a failed validation is returned as the error. */
export function projectRecord(
  doc: Y.Doc,
  collection: Collection,
  id: string,
  sourceLookup: SourceLookup = docSourceLookup(doc),
): Result<SourceRow | EvidenceRow | TagRow | PlanRow | RecommendationRow | ActionRow, string> | null {
  if (!collectionOf(doc, collection).has(id)) return null;
  switch (collection) {
    case 'sources': {
      const s = readSource(doc, id);
      return s.ok ? { ok: true, value: sourceRowOf(s.value) } : s;
    }
    case 'evidence': {
      const e = readEvidence(doc, id);
      return e.ok ? { ok: true, value: evidenceRowOf(e.value, sourceLookup(e.value.sourceId)) } : e;
    }
    case 'tags': {
      const t = readTag(doc, id);
      return t.ok ? { ok: true, value: { ...t.value, deleted: t.value.deletedAt ? 1 : 0 } } : t;
    }
    case 'plans':
      return readPlan(doc, id);
    case 'recommendations': {
      const r = readRecommendation(doc, id);
      return r.ok ? { ok: true, value: { ...r.value, archived: r.value.archivedAt ? 1 : 0 } } : r;
    }
    case 'actions': {
      const a = readAction(doc, id);
      return a.ok ? { ok: true, value: { ...a.value, archived: a.value.archivedAt ? 1 : 0 } } : a;
    }
  }
}

export function projectActivityEntry(entry: unknown): Result<ActivityRow, string> {
  const parsed = parseJsonObject(entry);
  return parsed ? ActivityRecord.parse(parsed) : { ok: false, error: 'activity line is not a JSON object' };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The whole projection of a workspace doc, every table sorted by id. */
export function project(doc: Y.Doc): Projection {
  const problems: string[] = [];
  const sources = new Map<string, SourceRow>();
  const out: Projection = { sources: [], evidence: [], tags: [], plans: [], recommendations: [], actions: [], activity: [], problems };
  for (const id of collectionOf(doc, 'sources').keys()) {
    const row = projectRecord(doc, 'sources', id);
    if (row?.ok) sources.set(id, row.value as SourceRow);
    else if (row) problems.push(row.error);
  }
  out.sources = [...sources.values()];
  const lookup: SourceLookup = (id) => sources.get(id) ?? null;
  const tables = [
    ['evidence', out.evidence],
    ['tags', out.tags],
    ['plans', out.plans],
    ['recommendations', out.recommendations],
    ['actions', out.actions],
  ] as const;
  for (const [collection, rows] of tables) {
    for (const id of collectionOf(doc, collection).keys()) {
      const row = projectRecord(doc, collection, id, lookup);
      if (row?.ok) (rows as unknown[]).push(row.value);
      else if (row) problems.push(row.error);
    }
  }
  const seenActivity = new Set<string>();
  for (const entry of activityOf(doc).toArray()) {
    const row = projectActivityEntry(entry);
    if (!row.ok) problems.push(row.error);
    else if (!seenActivity.has(row.value.id)) {
      seenActivity.add(row.value.id);
      out.activity.push(row.value);
    }
  }
  for (const rows of [out.sources, out.evidence, out.tags, out.plans, out.recommendations, out.actions, out.activity]) {
    rows.sort(byId);
  }
  return out;
}
