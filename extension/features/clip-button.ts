import type { CaptureOutcome } from '../../shared/protocol/messages';
import type { Result } from '../../shared/result';
import { selectedRange } from '../content/capture';
import { ClipperUi, type ClipGesture } from '../content/clipper-ui';
import { askBackground } from '../messaging';
import { watchCanClip } from '../content/can-clip';

const SAVED_VISIBLE_MS = 2500;
/** With suggestions to choose from, the toolbar stays longer (and while the reader uses it). */
const SUGGESTIONS_VISIBLE_MS = 12_000;

/** Saves a selected range as a clip: a web page's (content/capture.ts) or a PDF's (the viewer). */
export type CaptureSelection = (range: Range) => Promise<Result<CaptureOutcome, string>>;

/**
 * The clip button beside a selection on *.gov.uk pages, enabled sites and in the PDF viewer. Nothing
 * happens until the reader selects text; the button then captures exactly that range, even if the
 * selection moves. After saving it offers the plan actions the clip most likely evidences, in a
 * frame the page cannot read. The button may appear for a selection a page script made, but only
 * the reader's own click saves anything.
 */
export function initClipButton(doc: Document, capture: CaptureSelection, signal: AbortSignal): void {
  let pending: Range | null = null;
  const canClip = watchCanClip(signal);
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  const ui = new ClipperUi(doc, (gesture) => void clip(gesture));

  /** Runs on the reader's own click only (ClipperUi drops untrusted ones). */
  async function clip(gesture: ClipGesture) {
    if (!pending) return;
    const range = pending;
    const selection = ui.selectionShown;
    ui.setState('saving');
    const outcome = await capture(range);
    // The reader selected the next passage while this one saved: the toolbar (and `pending`) are
    // that passage's now; this clip shows as a highlight once saved.
    if (ui.selectionShown !== selection) return;
    pending = null;
    if (!outcome.ok) {
      ui.setState('error', outcome.error);
      return hideLater(SAVED_VISIBLE_MS);
    }
    ui.setState(outcome.value.status === 'duplicate' ? 'duplicate' : 'saved');
    hideLater(SAVED_VISIBLE_MS);
    // The suggestions are the plan's: they go to Evident's own frame, never into this page. The
    // background answers with a one-time ticket for this tab's clip, or null when it has nothing to offer.
    const offered = await askBackground({ type: 'toolbar-offer', evidenceId: outcome.value.evidenceId });
    // Not over the next passage, if the reader has selected one meanwhile.
    if (!offered.ok || !offered.value.ticket || !ui.isVisible || ui.selectionShown !== selection) return;
    ui.showActions(offered.value.ticket, { takeFocus: gesture.byKeyboard, onLinked: () => hideLater(SUGGESTIONS_VISIBLE_MS) });
    hideLater(SUGGESTIONS_VISIBLE_MS);
  }

  function hideLater(ms: number) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function tryHide() {
      if (ui.isInUse) hideTimer = setTimeout(tryHide, 1000);
      else ui.hide();
    }, ms);
  }

  function onSelectionDone(event: Event) {
    if (ui.contains(event.target as Node) || !canClip()) return;
    // Let the browser finish updating the selection (e.g. after a double click) first.
    setTimeout(() => {
      const range = selectedRange(doc);
      if (!range) return;
      pending = range;
      clearTimeout(hideTimer);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
      const view = doc.defaultView!;
      // Below the selection's end, or above its first line: the toolbar never covers what was selected.
      const top = (rects[0] ?? last).top;
      ui.showAt({ left: last.right + view.scrollX - 40, top: top + view.scrollY, bottom: last.bottom + view.scrollY });
      // Wake the service worker now, while the reader moves to the button (MV3 stops it when idle).
      void askBackground({ type: 'prepare-capture' });
    }, 0);
  }

  doc.addEventListener('mouseup', onSelectionDone, { signal, passive: true });
  doc.addEventListener('keyup', (e) => e.shiftKey && onSelectionDone(e), { signal, passive: true });
  doc.addEventListener(
    'keydown',
    (e) => {
      if (e.isTrusted && e.key === 'Escape' && ui.isVisible) ui.hide();
    },
    { signal },
  );
  doc.addEventListener(
    'selectionchange',
    () => {
      // Hide an unused button once the selection goes; a "Saved" message stays until its timer.
      if (pending && !selectedRange(doc)) {
        pending = null;
        ui.hide();
      }
    },
    { signal, passive: true },
  );
}
