import type * as Y from 'yjs';
import { matchQuote } from '../anchoring/text-match';
import type { Anchor, SnapshotSpan } from '../schema/evidence';
import { SourceSnapshotRecord, type SourceSnapshot } from '../schema/source-snapshot';
import type { Result } from '../result';
import type { MutationContext } from './context';
import { snapshotsOf } from './layout';
import { parseJsonObject } from './read';

/** What a capture brings of its source's text: the snapshot to keep if the source has none yet. */
export interface SnapshotInput {
  kind: SourceSnapshot['kind'];
  /** A web page's main text, or a PDF's pages' text in order. */
  text: string;
  /** PDFs: where each page starts in `text`; null for web pages. */
  pageStarts: number[] | null;
  /** A PDF's bytes' SHA-256, or a web page's text's (UTF-8), worked out by whoever checked the text. */
  sha256: string;
}

/** The snapshot kept for a source: null when none was (clipped before snapshots), an error when it is bad. */
export function readSnapshot(doc: Y.Doc, sourceId: string): Result<SourceSnapshot, string> | null {
  const stored = snapshotsOf(doc).get(sourceId);
  if (stored === undefined) return null;
  const record = parseJsonObject(stored);
  if (!record) return { ok: false, error: `SourceSnapshot ${sourceId}: not a JSON object` };
  // The key names the source: a snapshot cannot claim another source's id.
  return SourceSnapshotRecord.parse({ ...record, sourceId });
}

export const hasSnapshot = (doc: Y.Doc, sourceId: string) => snapshotsOf(doc).has(sourceId);

/** The record a snapshot input becomes, validated (text size, hash form) before anything is written. */
export function newSnapshotRecord(ctx: MutationContext, sourceId: string, input: SnapshotInput): Result<SourceSnapshot, string> {
  return SourceSnapshotRecord.parse({
    v: 1,
    sourceId,
    kind: input.kind,
    sha256: input.sha256,
    text: input.text,
    pageStarts: input.pageStarts,
    takenAt: ctx.now(),
    takenBy: ctx.actor,
  });
}

/**
 * Keeps a source's snapshot if it has none: the first clip's text is the one kept, deduplicated per
 * source, and never replaced (a pack cites what the team saw first). Call inside the capture's
 * transaction. Returns whether it wrote one.
 */
export function keepSnapshot(doc: Y.Doc, record: SourceSnapshot): boolean {
  const snapshots = snapshotsOf(doc);
  if (snapshots.has(record.sourceId)) return false;
  snapshots.set(record.sourceId, JSON.stringify(record));
  return true;
}

/**
 * Where a clip's quote sits in a snapshot text, found as re-anchoring finds it on a page (exact, then
 * approximate near the clip's position); null when the text does not hold it. Text from PDFs is read
 * with compatibility normalisation (ligatures as letters), so the quote is normalised the same way.
 */
export function locateInSnapshot(text: string, anchor: Anchor): SnapshotSpan | null {
  const quote = { ...anchor.quote, exact: anchor.quote.exact.normalize('NFKC') };
  const found = matchQuote(text, quote, { position: Math.min(anchor.position.start, text.length) });
  return found && found.end > found.start ? { start: found.start, end: found.end } : null;
}

/**
 * A clip's span in the snapshot as a reader should see it: the stored span when the snapshot still
 * reads the quote there, else the quote found afresh (a teammate's snapshot of a changed page won the
 * first-clip race, or the clip predates snapshots), else null.
 */
export function resolveSnapshotSpan(snapshot: Pick<SourceSnapshot, 'text'>, anchor: Anchor, stored: SnapshotSpan | null): SnapshotSpan | null {
  if (stored && stored.end <= snapshot.text.length && sameWords(snapshot.text.slice(stored.start, stored.end), anchor.quote.exact)) {
    return stored;
  }
  return locateInSnapshot(snapshot.text, anchor);
}

const words = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim();
const sameWords = (a: string, b: string) => words(a) === words(b);
