import type * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import type { MutationContext } from './context';
import { createEvidence, validateEvidenceInput, type EvidenceInput } from './evidence';
import { locateInSnapshot, readSnapshot, type SnapshotInput } from './snapshots';
import { sourceIdFor, upsertSource, validateSourceInput, type SourceInput } from './sources';

export interface ClipInput {
  source: SourceInput;
  evidence: Omit<EvidenceInput, 'sourceId' | 'snapshotSpan'>;
  /** The document's text as this clip saw it (provenance); absent from clients that keep none. */
  snapshot?: SnapshotInput;
}

/**
 * A clip: the page's source record (created, or refreshed) and the new evidence, in one transaction so
 * no replica ever sees evidence without its source. `skipSource` is for the extension's fast path,
 * which writes into an empty doc and must not create a second copy of a source the workspace has.
 */
export function captureClip(
  doc: Y.Doc,
  ctx: MutationContext,
  input: ClipInput,
  options: { skipSource?: boolean } = {},
): Result<{ sourceId: string; evidenceId: string }, string> {
  // Both halves are checked before either is written: a clip is saved whole or not at all.
  const sourceCheck = validateSourceInput(ctx, input.source);
  if (!sourceCheck.ok) return sourceCheck;
  const snapshotSpan = snapshotSpanOf(doc, sourceCheck.value.id, input);
  const evidenceCheck = validateEvidenceInput(ctx, { ...input.evidence, sourceId: sourceCheck.value.id, snapshotSpan });
  if (!evidenceCheck.ok) return evidenceCheck;
  let result: Result<{ sourceId: string; evidenceId: string }, string> = err('not run');
  doc.transact(() => {
    const sourceId = options.skipSource ? ok(sourceIdFor(input.source)) : upsertSource(doc, ctx, input.source, input.snapshot);
    if (!sourceId.ok) {
      result = sourceId;
      return;
    }
    const evidenceId = createEvidence(doc, ctx, { ...input.evidence, sourceId: sourceId.value, snapshotSpan });
    result = evidenceId.ok ? ok({ sourceId: sourceId.value, evidenceId: evidenceId.value }) : evidenceId;
  }, ctx.origin);
  return result;
}

/**
 * The clip's place in the snapshot its source keeps: the one already in the doc, else the one this
 * clip brings (which the capture keeps). The fast path's scratch doc holds no snapshot of an existing
 * source; the clip's own text is then the best guess, and packs check the span before trusting it.
 */
function snapshotSpanOf(doc: Y.Doc, sourceId: string, input: ClipInput) {
  const stored = readSnapshot(doc, sourceId);
  const text = stored?.ok ? stored.value.text : input.snapshot?.text;
  return text === undefined ? null : locateInSnapshot(text, input.evidence.anchor);
}
