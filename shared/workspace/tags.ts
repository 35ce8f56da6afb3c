import * as Y from 'yjs';
import { TagRecord, type Tag } from '../schema/tag';
import { err, ok, type Result } from '../result';
import { appendActivity } from './activity';
import type { MutationContext } from './context';
import { collectionOf, getRecordMap, TAG_KEY_PREFIX } from './layout';
import { readTag } from './read';
import { insertRecord, updateRecord } from './write-record';

/** GOV.UK-like colours people can tell apart; a new tag takes the next one. */
export const TAG_COLOURS = ['#1d70b8', '#00703c', '#d4351c', '#f47738', '#4c2c92', '#b58840', '#d53880', '#28a197'];

function findTagByName(doc: Y.Doc, name: string, exceptId?: string): Tag | undefined {
  const wanted = name.trim().toLowerCase();
  for (const id of collectionOf(doc, 'tags').keys()) {
    if (id === exceptId) continue;
    const tag = readTag(doc, id);
    if (tag.ok && !tag.value.deletedAt && tag.value.name.toLowerCase() === wanted) return tag.value;
  }
  return undefined;
}

export function createTag(
  doc: Y.Doc,
  ctx: MutationContext,
  input: { name: string; colour?: string },
): Result<string, string> {
  const name = input.name.trim();
  if (!name) return err('a tag needs a name');
  const existing = findTagByName(doc, name);
  if (existing) return err(`a tag named "${existing.name}" already exists`);
  const colour = input.colour ?? TAG_COLOURS[collectionOf(doc, 'tags').size % TAG_COLOURS.length]!;
  const record: Tag = {
    v: 1,
    id: ctx.newId('tag'),
    name,
    colour,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    mergedIntoId: null,
  };
  let result: Result<string, string> = ok(record.id);
  doc.transact(() => {
    const inserted = insertRecord(doc, 'tags', TagRecord, record);
    if (!inserted.ok) result = inserted;
    else appendActivity(doc, ctx, 'tag.created', record.id, `created tag "${name}"`);
  }, ctx.origin);
  return result;
}

export function setTagColour(doc: Y.Doc, ctx: MutationContext, id: string, colour: string): Result<void, string> {
  return updateRecord<Tag>(doc, ctx, 'tags', TagRecord, id, { colour }, (_changed, current) => ({
    kind: 'tag.renamed',
    summary: `changed the colour of tag "${current.name}"`,
  }));
}

/**
 * Merges one tag into another: every clip tagged `fromId` is tagged `intoId` instead, and `fromId`
 * is retired (kept, marked merged) so old activity lines still name it.
 */
export function mergeTag(doc: Y.Doc, ctx: MutationContext, fromId: string, intoId: string): Result<number, string> {
  if (fromId === intoId) return err('a tag cannot be merged into itself');
  const from = readTag(doc, fromId);
  const into = readTag(doc, intoId);
  if (!from.ok) return err(`tag ${fromId} not found`);
  if (!into.ok || into.value.deletedAt) return err(`tag ${intoId} not found`);
  const fromKey = TAG_KEY_PREFIX + fromId;
  const intoKey = TAG_KEY_PREFIX + intoId;
  let moved = 0;
  doc.transact(() => {
    for (const map of collectionOf(doc, 'evidence').values()) {
      if (!(map instanceof Y.Map) || !map.has(fromKey)) continue;
      if (!map.has(intoKey)) map.set(intoKey, { at: ctx.now(), by: ctx.actor });
      map.delete(fromKey);
      moved++;
    }
    const fromMap = getRecordMap(doc, 'tags', fromId)!;
    fromMap.set('deletedAt', ctx.now());
    fromMap.set('mergedIntoId', intoId);
    appendActivity(doc, ctx, 'tag.merged', fromId, `merged tag "${from.value.name}" into "${into.value.name}" (${moved} clips)`);
  }, ctx.origin);
  return ok(moved);
}

export function renameTag(doc: Y.Doc, ctx: MutationContext, id: string, newName: string): Result<void, string> {
  const name = newName.trim();
  if (!name) return err('a tag needs a name');
  const clash = findTagByName(doc, name, id);
  if (clash) return err(`a tag named "${clash.name}" already exists`);
  return updateRecord<Tag>(doc, ctx, 'tags', TagRecord, id, { name }, (_changed, current) => ({
    kind: 'tag.renamed',
    summary: `renamed tag "${current.name}" to "${name}"`,
  }));
}

/** Soft delete: clips keep the tag key so an audit can still show it, but it is no longer offered. */
export function deleteTag(doc: Y.Doc, ctx: MutationContext, id: string): Result<void, string> {
  const map = getRecordMap(doc, 'tags', id);
  const current = readTag(doc, id);
  if (!map || !current.ok) return err(`tag ${id} not found`);
  if (current.value.deletedAt) return ok(undefined);
  doc.transact(() => {
    map.set('deletedAt', ctx.now());
    appendActivity(doc, ctx, 'tag.deleted', id, `deleted tag "${current.value.name}"`);
  }, ctx.origin);
  return ok(undefined);
}
