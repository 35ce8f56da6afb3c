import * as Y from 'yjs';
import { ASSESSMENTS, type EvidenceLink } from '../schema/evidence';
import { err, ok, type Result } from '../result';
import { linkSummary, unlinkSummary } from '../activity-text';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { getRecordMap, LINK_KEY_PREFIX, TAG_KEY_PREFIX, type RecordMap } from './layout';
import { withEvidence } from './evidence';
import { readTag } from './read';

/**
 * Replaces the note with `text` by editing only the part that changed (common prefix and suffix kept),
 * so a teammate's concurrent typing elsewhere in the note survives.
 */
export function setEvidenceNote(doc: Y.Doc, ctx: MutationContext, id: string, text: string): Result<void, string> {
  if (text.length > 20_000) return err('note is longer than 20,000 characters');
  return withEvidence(doc, ctx, id, (map) => {
    const note = map.get('note');
    if (!(note instanceof Y.Text)) return err(`evidence ${id} has no note text`);
    const old = note.toString();
    if (old === text) return ok(undefined);
    let start = 0;
    while (start < old.length && start < text.length && old[start] === text[start]) start++;
    let endOld = old.length;
    let endNew = text.length;
    while (endOld > start && endNew > start && old[endOld - 1] === text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    if (endOld > start) note.delete(start, endOld - start);
    if (endNew > start) note.insert(start, text.slice(start, endNew));
    appendActivity(doc, ctx, 'evidence.noted', id, `noted "${shorten(text, 40)}"`);
    return ok(undefined);
  });
}

export function tagEvidence(doc: Y.Doc, ctx: MutationContext, id: string, tagId: string): Result<void, string> {
  const tag = readTag(doc, tagId);
  if (!tag.ok) return err(`tag ${tagId} not found`);
  if (tag.value.deletedAt) return err(`tag "${tag.value.name}" was deleted`);
  return withEvidence(doc, ctx, id, (map) => {
    const key = TAG_KEY_PREFIX + tagId;
    if (map.has(key)) return ok(undefined);
    map.set(key, { at: ctx.now(), by: ctx.actor });
    appendActivity(doc, ctx, 'evidence.tagged', id, `tagged "${shorten(tag.value.name, 40)}"`);
    return ok(undefined);
  });
}

export function untagEvidence(doc: Y.Doc, ctx: MutationContext, id: string, tagId: string): Result<void, string> {
  return withEvidence(doc, ctx, id, (map) => {
    const key = TAG_KEY_PREFIX + tagId;
    if (!map.has(key)) return ok(undefined);
    map.delete(key);
    const tag = readTag(doc, tagId);
    appendActivity(doc, ctx, 'evidence.untagged', id, `untagged "${shorten(tag.ok ? tag.value.name : tagId, 40)}"`);
    return ok(undefined);
  });
}

/** Links a clip to a plan action, saying what it shows (delivery, impact, concern, context). */
export function linkEvidence(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  actionId: string,
  assessment: EvidenceLink['assessment'],
): Result<void, string> {
  const action = getRecordMap(doc, 'actions', actionId);
  if (!action) return err(`action ${actionId} not found`);
  if (assessment !== null && !(ASSESSMENTS as readonly string[]).includes(assessment)) {
    return err(`unknown assessment "${assessment}"`);
  }
  return withEvidence(doc, ctx, id, (map) => {
    const key = LINK_KEY_PREFIX + actionId;
    const existing = map.get(key) as { assessment?: unknown } | undefined;
    if (existing && existing.assessment === assessment) return ok(undefined);
    map.set(key, { assessment, linkedAt: ctx.now(), linkedBy: ctx.actor });
    appendActivity(doc, ctx, 'evidence.linked', id, linkSummary(namedAction(action), assessment));
    return ok(undefined);
  });
}

export function unlinkEvidence(doc: Y.Doc, ctx: MutationContext, id: string, actionId: string): Result<void, string> {
  return withEvidence(doc, ctx, id, (map) => {
    const key = LINK_KEY_PREFIX + actionId;
    if (!map.has(key)) return ok(undefined);
    map.delete(key);
    const action = getRecordMap(doc, 'actions', actionId);
    appendActivity(doc, ctx, 'evidence.unlinked', id, unlinkSummary(action ? namedAction(action) : { reference: '', title: 'an action no longer in the plan' }));
    return ok(undefined);
  });
}

/** Links several clips to one action at once (bulk link from the dashboard), in one transaction. */
export function linkEvidenceMany(
  doc: Y.Doc,
  ctx: MutationContext,
  ids: string[],
  actionId: string,
  assessment: EvidenceLink['assessment'],
): Result<number, string> {
  const missing = ids.find((id) => !getRecordMap(doc, 'evidence', id));
  if (missing) return err(`evidence ${missing} not found`);
  let result: Result<number, string> = ok(0);
  doc.transact(() => {
    let linked = 0;
    for (const id of ids) {
      const one = linkEvidence(doc, ctx, id, actionId, assessment);
      if (!one.ok) {
        result = one;
        return;
      }
      linked++;
    }
    result = ok(linked);
  }, ctx.origin);
  return result;
}

/** An action's number and title as its map holds them, for activity lines. */
function namedAction(map: RecordMap): { reference: string; title: string } {
  return { reference: String(map.get('reference') ?? ''), title: String(map.get('title') ?? '') };
}
