import type { PackClip, PackSource } from '../../types';
import { el, externalLink, textEl } from './dom';
import { formatDateTime, formatNumber } from './format';
import { ALTERED_SNAPSHOT_TEXT } from './render-sources';

/** How much of the kept text to show either side of the passage at first, and per "show more". */
const AROUND = 3000;
const MORE = 6000;

interface Shown {
  source: PackSource;
  clip: PackClip | null;
  span: { start: number; end: number } | null;
  from: number;
  to: number;
}

/**
 * "Show in source": the text Evident kept of a clip's source, around the passage, with the passage
 * marked and scrolled to, its SHA-256 and how to check the live page. A modal <dialog>: focus moves
 * into it, Escape closes it, and focus returns to the button that opened it. Drawn on demand only:
 * the snapshot texts stay in the data until a reader asks for one.
 */
export function createContextView(): { dialog: HTMLDialogElement; open(source: PackSource, clip: PackClip | null, opener: HTMLElement): void } {
  const dialog = el('dialog', { className: 'context', testid: 'pack-source-context', attrs: { 'aria-labelledby': 'context-h' } });
  let opener: HTMLElement | null = null;
  let shown: Shown | null = null;
  dialog.addEventListener('close', () => {
    dialog.replaceChildren();
    shown = null;
    opener?.focus();
    opener = null;
  });
  // A click on the backdrop (the dialog box itself has no padding of its own) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });

  /** Redraws the text region; after "show more before", keeps the reader's place as text grows above it. */
  const render = (grew: 'before' | 'after' | null) => {
    const old = dialog.querySelector<HTMLElement>('.context-text');
    if (!shown || !old) return;
    const region = textRegion(shown, dialog);
    const { scrollTop, scrollHeight } = old;
    old.replaceWith(region);
    if (grew) region.scrollTop = grew === 'before' ? scrollTop + (region.scrollHeight - scrollHeight) : scrollTop;
    // A "show more" button that has nothing more to show hides: keep focus in the dialog.
    if (grew && (document.activeElement as HTMLElement | null)?.hidden) region.focus();
  };
  const showMore = (side: 'before' | 'after') => {
    if (!shown) return;
    const length = shown.source.snapshot?.text.length ?? 0;
    if (side === 'before') shown.from = Math.max(0, shown.from - MORE);
    else shown.to = Math.min(length, shown.to + MORE);
    render(side);
  };

  const open = (source: PackSource, clip: PackClip | null, from: HTMLElement) => {
    opener = from;
    const text = source.snapshot?.text ?? '';
    const span = clip?.snapshotSpan && clip.snapshotSpan.end <= text.length ? clip.snapshotSpan : null;
    shown = span
      ? { source, clip, span, from: Math.max(0, span.start - AROUND), to: Math.min(text.length, span.end + AROUND) }
      : { source, clip, span: null, from: 0, to: Math.min(text.length, 2 * AROUND) };
    const inner = el('div', { className: 'context-inner' });
    const close = textEl('button', 'Close', 'close');
    close.type = 'button';
    close.setAttribute('data-testid', 'pack-context-close');
    close.addEventListener('click', () => dialog.close());
    inner.appendChild(el('div', { className: 'context-head' }, textEl('h2', source.title || 'Untitled source'), close));
    inner.querySelector('h2')!.id = 'context-h';
    if (clip?.citation) inner.appendChild(textEl('p', clip.citation, 'context-citation'));
    inner.append(...provenance(source), ...explanation(source, clip, span));
    if (source.snapshot) {
      inner.append(moreButton('before', () => showMore('before')), el('div', { className: 'context-text' }), moreButton('after', () => showMore('after')));
    }
    dialog.replaceChildren(inner);
    render(null);
    dialog.showModal();
    close.focus();
    if (span) dialog.querySelector('mark')?.scrollIntoView({ block: 'center' });
  };
  return { dialog, open };
}

function moreButton(side: 'before' | 'after', onClick: () => void): HTMLButtonElement {
  const button = textEl('button', side === 'before' ? 'Show more before' : 'Show more after', `more more-${side}`);
  button.type = 'button';
  button.setAttribute('data-testid', `pack-context-more-${side}`);
  button.addEventListener('click', onClick);
  return button;
}

function provenance(source: PackSource): HTMLElement[] {
  const out: HTMLElement[] = [];
  const what = source.kind === 'pdf' ? 'SHA-256 of the PDF file' : 'SHA-256 of the text kept';
  const hash = el('p', { className: 'context-hash' }, `${what}: `, source.sha256 ? el('code', { className: 'hash' }, source.sha256) : 'none recorded');
  if (source.snapshot) hash.append(` · text kept on ${formatDateTime(source.snapshot.takenAt)} by ${source.snapshot.takenBy}`);
  out.push(hash);
  if (source.snapshotIntact === false) out.push(el('p', { className: 'warning', attrs: { role: 'note' } }, textEl('strong', ALTERED_SNAPSHOT_TEXT)));
  return out;
}

/** What the reader is looking at, why the passage may be missing, and how to check it on the live page. */
function explanation(source: PackSource, clip: PackClip | null, span: Shown['span']): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (clip && !span) {
    const why = source.snapshot
      ? 'The passage was not found in the text kept of this source: the page may have changed between the first clip of it and this one. The start of the kept text is shown below.'
      : 'No snapshot of this source was kept: it was clipped before Evident kept sources, so the passage cannot be shown in context here.';
    out.push(textEl('p', why, 'context-missing'));
    out[out.length - 1]!.setAttribute('data-testid', 'pack-context-missing');
  }
  const check = el('p', { className: 'context-check' });
  const live = externalLink(source.url, source.kind === 'pdf' ? 'open the PDF' : 'open the live page');
  if (source.kind === 'pdf') {
    const page = clip?.page ? ` at page ${formatNumber(clip.page)}` : '';
    check.append('To check it, ', live ?? 'find the PDF', `${page}. `);
    check.append('The SHA-256 above is of the PDF file itself: a copy that gives the same SHA-256 (sha256sum on Linux or a Mac, certutil -hashfile <file> SHA256 on Windows) is the same document, byte for byte.');
  } else {
    check.append('To check it, ', live ?? 'find the page', ' and search it (Ctrl+F, or \u2318F on a Mac) for a few of the marked words. ');
    check.append('The live page may have changed since the text was kept; the SHA-256 above identifies the text exactly as it was kept.');
  }
  out.push(check);
  return out;
}

/** The kept text from `from` to `to`, the passage in a <mark>, PDF page starts shown as labels. */
function textRegion(shown: Shown, dialog: HTMLDialogElement): HTMLElement {
  const snapshot = shown.source.snapshot!;
  const region = el('div', {
    className: 'context-text',
    testid: 'pack-context-text',
    attrs: { role: 'region', tabindex: '0', 'aria-label': 'The text kept of the source, around the passage' },
  });
  const pageStarts = snapshot.pageStarts ?? [];
  const text = snapshot.text;
  /** The 1-based page holding `offset`. */
  const pageAt = (offset: number) => pageStarts.filter((start) => start <= offset).length;
  // Each page start inside [start, end) is labelled where it falls.
  const appendText = (start: number, end: number) => {
    let at = start;
    pageStarts.forEach((pageStart, p) => {
      if (pageStart < start || pageStart >= end) return;
      if (pageStart > at) region.append(text.slice(at, pageStart));
      region.append(textEl('span', `Page ${p + 1}`, 'page-marker'));
      at = pageStart;
    });
    if (end > at) region.append(text.slice(at, end));
  };
  if (shown.from > 0) region.append(textEl('span', '[\u2026]', 'elided'));
  if (pageStarts.length && !pageStarts.includes(shown.from)) region.append(textEl('span', `Page ${pageAt(shown.from)}`, 'page-marker'));
  if (shown.span) {
    appendText(shown.from, shown.span.start);
    const mark = textEl('mark', text.slice(shown.span.start, shown.span.end));
    mark.setAttribute('data-testid', 'pack-context-highlight');
    region.append(mark);
    appendText(shown.span.end, shown.to);
  } else appendText(shown.from, shown.to);
  if (shown.to < text.length) region.append(textEl('span', '[\u2026]', 'elided'));
  dialog.querySelector<HTMLButtonElement>('.more-before')!.hidden = shown.from === 0;
  dialog.querySelector<HTMLButtonElement>('.more-after')!.hidden = shown.to >= text.length;
  return region;
}
