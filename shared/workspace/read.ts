import * as Y from 'yjs';
import { ActionRecord, type Action } from '../schema/action';
import { EvidenceRecord, type Evidence, type EvidenceLink } from '../schema/evidence';
import { PlanRecord, type Plan } from '../schema/plan';
import { RecommendationRecord, type Recommendation } from '../schema/recommendation';
import { SourceRecord, type Source } from '../schema/source';
import { TagRecord, type Tag } from '../schema/tag';
import type { RecordType } from '../schema/versioned';
import { err, type Result } from '../result';
import { CORRECTION_KEY_PREFIX, getRecordMap, LINK_KEY_PREFIX, plainFields, TAG_KEY_PREFIX, type Collection, type RecordMap } from './layout';

/**
 * Reads records back out of the doc, migrating and validating each one. A record another replica wrote
 * badly is reported, not trusted: the doc is shared with every teammate's client.
 */
function readPlain<T extends { v: number }>(
  doc: Y.Doc,
  collection: Collection,
  type: RecordType<T>,
  id: string,
): Result<T, string> {
  const map = getRecordMap(doc, collection, id);
  if (!map) return err(`${type.name} ${id} not found`);
  // The key is the id: a record cannot claim another record's id.
  return type.parse({ ...plainFields(map), id });
}

/** A source: its plain fields, with its teammates' corrections gathered from their `correction:` keys. */
export function readSource(doc: Y.Doc, id: string): Result<Source, string> {
  const map = getRecordMap(doc, 'sources', id);
  if (!map) return err(`Source ${id} not found`);
  const fields: Record<string, unknown> = {};
  const corrections: Record<string, unknown> = {};
  for (const [key, value] of map.entries()) {
    if (key.startsWith(CORRECTION_KEY_PREFIX)) corrections[key.slice(CORRECTION_KEY_PREFIX.length)] = value;
    else if (!(value instanceof Y.AbstractType)) fields[key] = value;
  }
  return SourceRecord.parse({ ...fields, corrections, id });
}
export const readTag = (doc: Y.Doc, id: string): Result<Tag, string> => readPlain(doc, 'tags', TagRecord, id);
export const readPlan = (doc: Y.Doc, id: string): Result<Plan, string> => readPlain(doc, 'plans', PlanRecord, id);
export const readRecommendation = (doc: Y.Doc, id: string): Result<Recommendation, string> =>
  readPlain(doc, 'recommendations', RecommendationRecord, id);
export const readAction = (doc: Y.Doc, id: string): Result<Action, string> =>
  readPlain(doc, 'actions', ActionRecord, id);

/** Evidence is stored as capture JSON + editable fields + `tag:`/`link:` keys; this puts it back together. */
const EVIDENCE_DEFAULTS = {
  status: 'draft',
  statusChangedAt: null,
  statusChangedBy: null,
  deletedAt: null,
  deletedBy: null,
};

export function evidenceFromMap(map: RecordMap, id: string): Result<Evidence, string> {
  const tagIds: string[] = [];
  const links: EvidenceLink[] = [];
  const fields: Record<string, unknown> = { ...EVIDENCE_DEFAULTS };
  for (const [key, value] of map.entries()) {
    if (key.startsWith(TAG_KEY_PREFIX)) tagIds.push(key.slice(TAG_KEY_PREFIX.length));
    else if (key.startsWith(LINK_KEY_PREFIX)) {
      links.push({ ...(value as Omit<EvidenceLink, 'actionId'>), actionId: key.slice(LINK_KEY_PREFIX.length) });
    } else if (key === 'note') fields.note = value instanceof Y.Text ? value.toString() : '';
    else if (key === 'capture') {
      const capture = parseJsonObject(value);
      if (!capture) return err(`Evidence ${id}: capture is not a JSON object`);
      Object.assign(fields, capture);
    }
    else fields[key] = value;
  }
  tagIds.sort();
  links.sort((a, b) => (a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : 0));
  return EvidenceRecord.parse({ ...fields, id, tagIds, links });
}

export function readEvidence(doc: Y.Doc, id: string): Result<Evidence, string> {
  const map = getRecordMap(doc, 'evidence', id);
  if (!map) return err(`Evidence ${id} not found`);
  return evidenceFromMap(map, id);
}

/** A JSON string holding an object, as evidence captures and activity lines are stored; else null. */
export function parseJsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
