import * as Y from 'yjs';
import { EVIDENCE_STATUSES, EvidenceRecord, type Anchor, type Evidence, type SnapshotSpan } from '../schema/evidence';
import { err, ok, type Result } from '../result';
import { appendActivity, shorten } from './activity';
import type { MutationContext } from './context';
import { collectionOf, getRecordMap, type RecordMap } from './layout';
import { evidenceFromMap } from './read';

export interface EvidenceInput {
  sourceId: string;
  anchor: Anchor;
  contextBefore: string;
  contextAfter: string;
  snapshotSpan: SnapshotSpan | null;
}

/** The fields fixed at capture time, stored as one JSON string (see layout.ts). */
const CAPTURE_FIELDS = ['v', 'sourceId', 'anchor', 'contextBefore', 'contextAfter', 'snapshotSpan', 'createdAt', 'createdBy'] as const;

function newEvidenceRecord(ctx: MutationContext, id: string, input: EvidenceInput): Evidence {
  return {
    v: 2,
    id,
    ...input,
    note: '',
    tagIds: [],
    links: [],
    status: 'draft',
    statusChangedAt: null,
    statusChangedBy: null,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    deletedAt: null,
    deletedBy: null,
  };
}

/** Checks a clip's evidence fields without writing anything (for all-or-nothing composite changes). */
export const validateEvidenceInput = (ctx: MutationContext, input: EvidenceInput): Result<Evidence, string> =>
  EvidenceRecord.parse(newEvidenceRecord(ctx, 'ev_check', input));

/** Saves a clipped passage as a new evidence record. The id is random: see shared/ids.ts. */
export function createEvidence(doc: Y.Doc, ctx: MutationContext, input: EvidenceInput): Result<string, string> {
  const id = ctx.newId('ev');
  const checked = EvidenceRecord.parse(newEvidenceRecord(ctx, id, input));
  if (!checked.ok) return err(checked.error);
  const capture = Object.fromEntries(CAPTURE_FIELDS.map((key) => [key, checked.value[key]]));
  doc.transact(() => {
    // Status and deletion fields are written when they first change; absent means draft, not deleted.
    const map = new Y.Map<unknown>();
    map.set('capture', JSON.stringify(capture));
    map.set('note', new Y.Text());
    collectionOf(doc, 'evidence').set(id, map);
    appendActivity(doc, ctx, 'evidence.created', id, `clipped "${shorten(input.anchor.quote.exact)}"`);
  }, ctx.origin);
  return ok(id);
}

/** Runs `change` on an existing evidence map inside one transaction, or says which id was missing. */
export function withEvidence(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  change: (map: RecordMap, current: Evidence) => Result<void, string>,
): Result<void, string> {
  const map = getRecordMap(doc, 'evidence', id);
  if (!map) return err(`evidence ${id} not found`);
  const current = evidenceFromMap(map, id);
  if (!current.ok) return current;
  let result: Result<void, string> = ok(undefined);
  doc.transact(() => {
    result = change(map, current.value);
  }, ctx.origin);
  return result;
}

/** Soft delete: the record stays in the doc and the audit trail says who removed it and when. */
export function deleteEvidence(doc: Y.Doc, ctx: MutationContext, id: string): Result<void, string> {
  return withEvidence(doc, ctx, id, (map, current) => {
    if (current.deletedAt) return ok(undefined);
    map.set('deletedAt', ctx.now());
    map.set('deletedBy', ctx.actor);
    appendActivity(doc, ctx, 'evidence.deleted', id, `deleted "${shorten(current.anchor.quote.exact)}"`);
    return ok(undefined);
  });
}

export function restoreEvidence(doc: Y.Doc, ctx: MutationContext, id: string): Result<void, string> {
  return withEvidence(doc, ctx, id, (map, current) => {
    if (!current.deletedAt) return ok(undefined);
    map.set('deletedAt', null);
    map.set('deletedBy', null);
    appendActivity(doc, ctx, 'evidence.restored', id, `restored "${shorten(current.anchor.quote.exact)}"`);
    return ok(undefined);
  });
}

export function setEvidenceStatus(
  doc: Y.Doc,
  ctx: MutationContext,
  id: string,
  status: Evidence['status'],
): Result<void, string> {
  return withEvidence(doc, ctx, id, (map, current) => {
    if (!(EVIDENCE_STATUSES as readonly string[]).includes(status)) return err(`unknown status "${status}"`);
    if (current.status === status) return ok(undefined);
    map.set('status', status);
    map.set('statusChangedAt', ctx.now());
    map.set('statusChangedBy', ctx.actor);
    appendActivity(doc, ctx, 'evidence.status', id, `marked a clip as ${status}`);
    return ok(undefined);
  });
}
