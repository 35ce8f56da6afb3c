import type * as Y from 'yjs';
import { ActivityRecord, type ActivityKind } from '../schema/activity';
import type { MutationContext } from './context';
import { activityOf } from './layout';

/**
 * Appends one line to the audit trail. Called inside the mutation's transaction, so the record change
 * and its activity line reach every replica together.
 */
export function appendActivity(
  doc: Y.Doc,
  ctx: MutationContext,
  kind: ActivityKind,
  entityId: string,
  summary: string,
): void {
  const entry = { v: 1, id: ctx.newId('log'), at: ctx.now(), actor: ctx.actor, kind, entityId, summary };
  const checked = ActivityRecord.parse(entry);
  if (!checked.ok) throw new Error(checked.error); // our own entry: a failure here is a bug
  // Stored as a JSON string: decoding one string is several times faster than a nested value (layout.ts).
  activityOf(doc).push([JSON.stringify(checked.value)]);
}

/** Quotes are shown in the activity feed shortened, as text. */
export function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
