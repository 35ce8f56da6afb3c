import type * as Y from 'yjs';
import { sourceIdForUrl } from '../ids';
import type { PageMetadata } from '../schema/page-metadata';
import { SourceRecord, type Source } from '../schema/source';
import { ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap } from './layout';
import { readSource } from './read';
import { insertRecord, updateRecordFields } from './write-record';

export interface SourceInput {
  kind: Source['kind'];
  url: string;
  canonicalUrl: string | null;
  pageTitle: string;
  metadata: PageMetadata;
}

/** The id a source gets: derived from its canonical address, so every replica names a page alike. */
export const sourceIdFor = (input: Pick<SourceInput, 'url' | 'canonicalUrl'>) =>
  sourceIdForUrl(input.canonicalUrl ?? input.url);

const newSourceRecord = (ctx: MutationContext, id: string, input: SourceInput): Source => ({
  v: 1,
  id,
  ...input,
  capturedAt: ctx.now(),
  capturedBy: ctx.actor,
});

/** Checks a source's fields without writing anything. */
export const validateSourceInput = (ctx: MutationContext, input: SourceInput): Result<Source, string> =>
  SourceRecord.parse(newSourceRecord(ctx, sourceIdFor(input), input));

/**
 * Records the document a clip comes from, or refreshes what was read off it. Existing sources are
 * updated field by field so that a teammate's concurrent change to another field survives.
 */
export function upsertSource(doc: Y.Doc, ctx: MutationContext, input: SourceInput): Result<string, string> {
  const id = sourceIdFor(input);
  let result: Result<string, string> = ok(id);
  doc.transact(() => {
    const map = getRecordMap(doc, 'sources', id);
    if (!map) {
      const record = newSourceRecord(ctx, id, input);
      const inserted = insertRecord(doc, 'sources', SourceRecord, record);
      if (!inserted.ok) result = inserted;
      else appendActivity(doc, ctx, 'source.captured', id, shorten(input.metadata.title ?? input.pageTitle));
      return;
    }
    const current = readSource(doc, id);
    if (!current.ok) {
      result = current;
      return;
    }
    const { kind, url, canonicalUrl, pageTitle, metadata } = input;
    const changed = updateRecordFields(map, SourceRecord, current.value, { kind, url, canonicalUrl, pageTitle, metadata });
    if (!changed.ok) result = changed;
    else if (changed.value.length > 0) {
      appendActivity(doc, ctx, 'source.updated', id, `updated ${changed.value.join(', ')}`);
    }
  }, ctx.origin);
  return result;
}
