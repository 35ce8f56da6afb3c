import * as Y from 'yjs';

/**
 * The workspace Y.Doc layout (version 2). The doc is the replicated source of truth.
 *
 *   meta            Y.Map   schemaVersion, workspaceId
 *   sources         Y.Map<sourceId, Y.Map<field, value>>   plus `correction:<field>` → {value, at, by}
 *   snapshots       Y.Map<sourceId, string>  (v2) the source's text when first clipped, one JSON string each
 *   evidence        Y.Map<evidenceId, Y.Map>  fields: capture (immutable, a JSON string with v), note (Y.Text),
 *                   and once they change: status, statusChangedAt, statusChangedBy, deletedAt, deletedBy,
 *                   `tag:<tagId>` → {at, by}, `link:<actionId>` → {assessment, linkedAt, linkedBy}
 *   tags, plans, recommendations, actions   Y.Map<id, Y.Map<field, value>>
 *   activity        Y.Array<string>  (append-only audit trail, one JSON string per line)
 *
 * Why this shape:
 * - Records are Y.Maps keyed by id so concurrent edits to different fields of one record both survive.
 * - An evidence item's tags and action links are keys of its own map (`tag:…`, `link:…`) rather than
 *   nested maps: concurrent add and remove still merge per key, and a 50,000-clip workspace loads in
 *   well under a second because each clip costs two shared types instead of four (measured in
 *   README "How it works").
 * - The note is Y.Text, created with the clip, so two people typing in it merge character by character;
 *   creating it lazily would let two first notes race and one be lost.
 * - The capture (anchor, context, who, when) never changes, so it is one JSON string, as is each activity
 *   line: Yjs decodes a string several times faster than the same nested value, and an evidence item
 *   costs three structs (map, capture, note) instead of nine (figures in README "How it works").
 * - Snapshots (v2) sit in their own root map, not in the source's map: they are large (a report's
 *   whole text), written once and read only by evidence packs, so the projection never touches them.
 */
export const WORKSPACE_SCHEMA_VERSION = 2;

export const ROOT_MAPS = ['sources', 'evidence', 'tags', 'plans', 'recommendations', 'actions'] as const;
export type Collection = (typeof ROOT_MAPS)[number];

export const TAG_KEY_PREFIX = 'tag:';
export const LINK_KEY_PREFIX = 'link:';
/** A source's correction of one citation field: `correction:<field>` → {value, at, by}. */
export const CORRECTION_KEY_PREFIX = 'correction:';

export type RecordMap = Y.Map<unknown>;

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const collectionOf = (doc: Y.Doc, name: Collection) => doc.getMap<RecordMap>(name);
export const activityOf = (doc: Y.Doc) => doc.getArray<string>('activity');
export const snapshotsOf = (doc: Y.Doc) => doc.getMap<string>('snapshots');

export function getRecordMap(doc: Y.Doc, collection: Collection, id: string): RecordMap | undefined {
  const value = collectionOf(doc, collection).get(id);
  return value instanceof Y.Map ? value : undefined;
}

/** Copies the plain (non-shared-type) fields of a record map into an object. */
export function plainFields(map: RecordMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of map.entries()) {
    if (!(value instanceof Y.AbstractType)) out[key] = value;
  }
  return out;
}
