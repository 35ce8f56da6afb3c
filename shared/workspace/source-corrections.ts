import type * as Y from 'yjs';
import { PageMetadata } from '../schema/page-metadata';
import { CORRECTABLE_FIELDS, type CorrectableField, type Source } from '../schema/source';
import { err, ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { CORRECTION_KEY_PREFIX, getRecordMap } from './layout';
import { readSource } from './read';

/** Words for each correctable field, in activity lines and forms. */
export const CORRECTABLE_FIELD_LABELS: Record<CorrectableField, string> = {
  title: 'title',
  publisher: 'publisher',
  subject_local_authority: 'council',
  document_type: 'document type',
  committee: 'committee',
  meeting_date: 'meeting date',
  publication_date: 'publication date',
  agenda_item: 'agenda item',
};

export const isCorrectableField = (field: string): field is CorrectableField => (CORRECTABLE_FIELDS as readonly string[]).includes(field);

/** What the team cites a source by: what Evident read, with teammates' corrections over it. */
export function effectiveMetadata(source: Pick<Source, 'metadata' | 'corrections'>): PageMetadata {
  const corrections = Object.entries(source.corrections);
  if (corrections.length === 0) return source.metadata;
  return { ...source.metadata, ...Object.fromEntries(corrections.map(([field, c]) => [field, c!.value])) } as PageMetadata;
}

/** The citation fields to show as uncertain: read with low confidence, and not corrected since. */
export function uncertainFields(source: Pick<Source, 'fieldSources' | 'corrections'>): CorrectableField[] {
  return CORRECTABLE_FIELDS.filter((field) => source.fieldSources[field]?.confidence === 'low' && !source.corrections[field]);
}

/**
 * Corrects one citation field of a source for the whole team, or (value `undefined`) goes back to
 * what Evident read. The correction is its own key of the source's map, so two teammates correcting
 * two fields at once both win, and a later clip's new reading of the page never overwrites it.
 */
export function correctSourceField(
  doc: Y.Doc,
  ctx: MutationContext,
  sourceId: string,
  field: string,
  value: unknown,
): Result<void, string> {
  if (!isCorrectableField(field)) return err(`"${field}" is not a field that can be corrected (${CORRECTABLE_FIELDS.join(', ')})`);
  const map = getRecordMap(doc, 'sources', sourceId);
  const current = map ? readSource(doc, sourceId) : null;
  if (!map || !current?.ok) return err(`source ${sourceId} not found`);
  if (value !== undefined) {
    const checked = PageMetadata.shape[field].safeParse(value);
    if (!checked.success) return err(`not a valid ${CORRECTABLE_FIELD_LABELS[field]}: ${checked.error.issues[0]!.message}`);
  }
  const key = CORRECTION_KEY_PREFIX + field;
  const title = shorten(effectiveMetadata(current.value).title ?? current.value.pageTitle, 50);
  doc.transact(() => {
    if (value === undefined) {
      if (!map.has(key)) return;
      map.delete(key);
      appendActivity(doc, ctx, 'source.corrected', sourceId, `restored Evident's reading of the ${CORRECTABLE_FIELD_LABELS[field]} of "${title}"`);
      return;
    }
    map.set(key, { value, at: ctx.now(), by: ctx.actor });
    const shown = typeof value === 'string' ? shorten(value, 60) : JSON.stringify(value);
    appendActivity(doc, ctx, 'source.corrected', sourceId, `corrected the ${CORRECTABLE_FIELD_LABELS[field]} of "${title}" to "${shown}"`);
  }, ctx.origin);
  return ok(undefined);
}
