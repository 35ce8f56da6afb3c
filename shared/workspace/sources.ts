import type * as Y from 'yjs';
import { sourceIdForPdf, sourceIdForUrl } from '../ids';
import type { PageMetadata } from '../schema/page-metadata';
import { SourceRecord, type Source } from '../schema/source';
import { ok, type Result } from '../result';
import { fieldList } from '../activity-text';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap } from './layout';
import { readSource } from './read';
import { hasSnapshot, keepSnapshot, newSnapshotRecord, type SnapshotInput } from './snapshots';
import { insertRecord, updateRecordFields } from './write-record';

export interface SourceInput {
  kind: Source['kind'];
  url: string;
  canonicalUrl: string | null;
  pageTitle: string;
  metadata: PageMetadata;
  pdf?: Source['pdf'];
  linkContext?: Source['linkContext'];
  /** Where each metadata field was read and how sure the extractor is. */
  fieldSources?: Source['fieldSources'];
}

/**
 * The id a source gets, the same on every replica: a web page's from its canonical address, a PDF's
 * from its bytes.
 */
export const sourceIdFor = (input: Pick<SourceInput, 'url' | 'canonicalUrl' | 'pdf'>) =>
  input.pdf ? sourceIdForPdf(input.pdf.sha256) : sourceIdForUrl(input.canonicalUrl ?? input.url);

const newSourceRecord = (ctx: MutationContext, id: string, input: SourceInput): Source => ({
  v: 3,
  id,
  ...input,
  pdf: input.pdf ?? null,
  linkContext: input.linkContext ?? null,
  sha256: input.pdf?.sha256 ?? null,
  snapshotAt: null,
  fieldSources: input.fieldSources ?? {},
  corrections: {},
  capturedAt: ctx.now(),
  capturedBy: ctx.actor,
});

/** Checks a source's fields without writing anything. */
export const validateSourceInput = (ctx: MutationContext, input: SourceInput): Result<Source, string> =>
  SourceRecord.parse(newSourceRecord(ctx, sourceIdFor(input), input));

/**
 * Records the document a clip comes from, or refreshes what was read off it. Existing sources are
 * updated field by field so that a teammate's concurrent change to another field survives.
 * `snapshot` is the document's text as this clip saw it: kept if the source has none yet (the
 * first clip's, or the first since snapshots were kept), with its SHA-256 on the source.
 */
export function upsertSource(doc: Y.Doc, ctx: MutationContext, input: SourceInput, snapshot?: SnapshotInput): Result<string, string> {
  const id = sourceIdFor(input);
  const snapshotRecord = snapshot && !hasSnapshot(doc, id) ? newSnapshotRecord(ctx, id, snapshot) : null;
  if (snapshotRecord && !snapshotRecord.ok) return snapshotRecord;
  const provenance = snapshotRecord ? { sha256: snapshotRecord.value.sha256, snapshotAt: snapshotRecord.value.takenAt } : {};
  let result: Result<string, string> = ok(id);
  doc.transact(() => {
    const map = getRecordMap(doc, 'sources', id);
    if (!map) {
      const record = { ...newSourceRecord(ctx, id, input), ...provenance };
      const inserted = insertRecord(doc, 'sources', SourceRecord, record, {}, ['corrections']);
      if (!inserted.ok) result = inserted;
      else {
        if (snapshotRecord) keepSnapshot(doc, snapshotRecord.value);
        appendActivity(doc, ctx, 'source.captured', id, `added the source "${shorten(input.metadata.title ?? input.pageTitle)}"`);
      }
      return;
    }
    const current = readSource(doc, id);
    if (!current.ok) {
      result = current;
      return;
    }
    const { kind, url, canonicalUrl, pageTitle, metadata } = input;
    // A link context learnt later (the PDF reached from its listing this time) is kept; none is not
    // a reason to forget one. Corrections live in their own keys: a new reading never undoes one.
    const linkContext = input.linkContext ?? current.value.linkContext;
    const fieldSources = input.fieldSources ?? current.value.fieldSources;
    const changed = updateRecordFields(map, SourceRecord, current.value, { kind, url, canonicalUrl, pageTitle, metadata, linkContext, fieldSources, ...provenance });
    if (!changed.ok) result = changed;
    else if (snapshotRecord) keepSnapshot(doc, snapshotRecord.value);
    if (changed.ok && changed.value.length > 0) {
      appendActivity(doc, ctx, 'source.updated', id, `read ${fieldList(changed.value)} of "${shorten(metadata.title ?? pageTitle)}" again`);
    }
  }, ctx.origin);
  return result;
}
