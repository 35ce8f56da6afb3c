import { browser } from 'wxt/browser';
import { pdfSnapshotText } from '../../shared/extract/main-text';
import { withFieldsFrom } from '../../shared/extract/field-sources';
import { extractPdfWithSources } from '../../shared/extract/pdf';
import { applyLinkContext, type LinkContext } from '../../shared/extract/link-context';
import { err } from '../../shared/result';
import { canClipNow } from '../content/can-clip';
import { initClipButton } from '../features/clip-button';
import { askBackground } from '../messaging';
import { pdfUrlFromLocation } from './file-param';
import { loadPdf, type LoadedPdf } from './load-pdf';
import { initManualEntry } from './manual-entry';
import { PdfClipper } from './pdf-clipper';
import { readPdfText } from './pdf-text';
import { createPdfView, type PdfView } from './pdf-view';
import { initToolbar } from './toolbar';
import { initViewerRequests } from './viewer-requests';

function showMessage(doc: Document, text: string, askFor?: string): void {
  const box = doc.querySelector<HTMLElement>('[data-testid="viewer-message"]')!;
  box.textContent = text;
  box.hidden = false;
  if (!askFor) return;
  // Asking for a site is the reader's decision: a button (a user gesture) the browser then confirms.
  const allow = doc.createElement('button');
  allow.type = 'button';
  allow.textContent = 'Allow and open';
  allow.dataset.testid = 'viewer-allow-site';
  allow.addEventListener('click', async () => {
    if (await browser.permissions.request({ origins: [askFor] })) location.reload();
  });
  box.append(' ', allow);
}

const firstTextLayer = (view: PdfView) =>
  view.renderedPages().length ? Promise.resolve() : new Promise<void>((resolve) => view.onTextLayer(() => resolve()));

/**
 * Reads every page's text (anchoring, and the report's metadata with what the linking page said),
 * then prepares clipping: a PdfClipper, or the hand-entry form for a PDF without text.
 */
async function prepareClipping(doc: Document, pdf: LoadedPdf, view: PdfView, title: HTMLElement): Promise<PdfClipper | null> {
  const [text, linkContext, info] = await Promise.all([
    readPdfText(pdf.doc),
    askBackground({ type: 'link-context-get', url: pdf.url }).then((r) => (r.ok ? (r.value.context as LinkContext | null) : null)),
    pdf.doc.getMetadata().then((m) => m.info as { Title?: string }, () => undefined),
  ]);
  const base = extractPdfWithSources(text.lines, pdf.url);
  const read = linkContext
    ? withFieldsFrom(base, applyLinkContext(base.metadata, linkContext), { from: 'the page that linked to this PDF', confidence: 'high' })
    : base;
  const metadata = read.metadata;
  title.textContent = metadata.title ?? info?.Title ?? title.textContent;
  doc.title = `${title.textContent} — Evident`;
  const source = {
    kind: 'pdf' as const,
    url: pdf.url,
    canonicalUrl: null,
    pageTitle: (title.textContent ?? pdf.url).slice(0, 1000),
    metadata,
    pdf: { sha256: pdf.sha256, fingerprints: pdf.doc.fingerprints.filter((f): f is string => !!f), pageCount: pdf.doc.numPages },
    linkContext: (linkContext as Record<string, unknown> | null) ?? null,
    fieldSources: read.fields,
  };
  if (!text.hasText) {
    // Typing a passage in by hand is a clip: a reviewer's workspace takes none.
    if (await canClipNow()) initManualEntry(doc, source, pdf.doc.numPages);
    return null;
  }
  const clipper = new PdfClipper(doc, view, text.pages, source, pdfSnapshotText(text.lines));
  initViewerRequests(doc, clipper, pdf.url);
  await clipper.showExistingClips();
  return clipper;
}

/**
 * Inside another site's frame the viewer stays blank (frame-guard.ts says why): no PDF is fetched,
 * no clip button, only a line saying so, which the framing page cannot read.
 */
export function refuseToRunFramed(doc: Document): void {
  const message = doc.createElement('p');
  message.className = 'viewer-message';
  message.dataset.testid = 'viewer-refused';
  message.textContent = 'Evident’s viewer does not open inside another site’s page.';
  doc.body.replaceChildren(message);
  doc.body.dataset.refused = 'framed';
}

/**
 * The PDF viewer: opens the file with pdf.js's viewer, and as soon as the first page's text layer
 * is drawn the reader can select and clip (a clip made before every page's text is read waits for
 * it). The workspace's clips of this file are highlighted as pages render.
 */
export async function startViewer(doc: Document): Promise<void> {
  const url = pdfUrlFromLocation(doc.location.search);
  if (!url) return showMessage(doc, 'No PDF address was given (viewer.html?file=…).');
  const title = doc.querySelector<HTMLElement>('[data-testid="viewer-title"]')!;
  title.textContent = decodeURIComponent(url.split('/').pop() || url);
  const loaded = await loadPdf(url);
  if (!loaded.ok) return showMessage(doc, loaded.error.message, loaded.error.needsPermission);
  const pdf = loaded.value;
  const view = await createPdfView(doc.getElementById('viewerContainer') as HTMLDivElement, pdf.doc);
  initToolbar(doc, view, pdf.doc.numPages);
  const clipping = prepareClipping(doc, pdf, view, title);
  initClipButton(
    doc,
    async (range) => {
      const clipper = await clipping;
      return clipper ? clipper.capture(range) : err('This PDF has no text to clip; record the passage by hand.');
    },
    new AbortController().signal,
  );
  await firstTextLayer(view);
  doc.body.dataset.ready = 'true'; // first page drawn and its text selectable (tests, benchmarks)
  const clipper = await clipping;
  doc.body.dataset.clipsShown = clipper ? 'true' : 'none';
}
