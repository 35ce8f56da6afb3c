import type { CaptureOutcome } from '../../shared/protocol/messages';
import { err, type Result } from '../../shared/result';
import { askBackground } from '../messaging';
import { buildClip } from './build-clip';
import type { PageHighlights } from './highlights';

/** Saves a selected range as evidence and paints it; the single path for every way of clipping. */
export async function captureRange(
  doc: Document,
  range: Range,
  highlights: PageHighlights,
): Promise<Result<CaptureOutcome, string>> {
  if (!range.toString().trim()) return err('Select some text to clip first');
  let clip;
  try {
    clip = buildClip(doc, location.href, range);
  } catch (error) {
    return err(`Could not read this selection: ${(error as Error).message}`);
  }
  const outcome = await askBackground({ type: 'capture-clip', clip });
  if (outcome.ok) highlights.add(outcome.value.evidenceId, range);
  return outcome;
}

/** The current selection as a range, unless it is empty or inside a form field. */
export function selectedRange(doc: Document): Range | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!range.toString().trim()) return null;
  const container = range.commonAncestorContainer;
  const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
  if (element?.closest('input, textarea, [contenteditable=""], [contenteditable="true"]')) return null;
  return range.cloneRange();
}
