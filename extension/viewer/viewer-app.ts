import { extractPdfMetadata } from '../../shared/extract/pdf';
import { applyLinkContext, type LinkContext } from '../../shared/extract/link-context';
import { askBackground } from '../messaging';
import { initClipButton } from '../features/clip-button';
import { PdfClipper } from './pdf-clipper';
import { initManualEntry } from './manual-entry';
import { pdfUrlFromLocation } from './file-param';
import { loadPdf } from './load-pdf';
import { readPdfText } from './pdf-text';
import { createPdfView } from './pdf-view';
import { initToolbar } from './toolbar';
import { initViewerRequests } from './viewer-requests';

function showMessage(doc: Document, text: string): void {
  const box = doc.querySelector<HTMLElement>('[data-testid="viewer-message"]')!;
  box.textContent = text;
  box.hidden = false;
}

/**
 * The PDF viewer: opens the file pdf.js-style, reads every page's text once (for anchoring and the
 * report's metadata), highlights the workspace's clips of this file as pages render, and clips a
 * selection exactly as on a web page.
 */
export async function startViewer(doc: Document): Promise<void> {
  const url = pdfUrlFromLocation(doc.location.search);
  if (!url) return showMessage(doc, 'No PDF address was given (viewer.html?file=…).');
  const title = doc.querySelector<HTMLElement>('[data-testid="viewer-title"]')!;
  title.textContent = decodeURIComponent(url.split('/').pop() || url);
  const loaded = await loadPdf(url);
  if (!loaded.ok) return showMessage(doc, loaded.error);
  const pdf = loaded.value;
  const container = doc.getElementById('viewerContainer') as HTMLDivElement;
  const [view, text, linkContext] = await Promise.all([
    createPdfView(container, pdf.doc),
    readPdfText(pdf.doc),
    askBackground({ type: 'link-context-get', url }).then((r) => (r.ok ? (r.value.context as LinkContext | null) : null)),
  ]);
  initToolbar(doc, view, pdf.doc.numPages);
  const base = extractPdfMetadata(text.lines, url);
  const metadata = linkContext ? applyLinkContext(base, linkContext) : base;
  const info = (await pdf.doc.getMetadata().catch(() => null))?.info as { Title?: string } | undefined;
  title.textContent = metadata.title ?? info?.Title ?? title.textContent;
  doc.title = `${title.textContent} — Evident`;
  const source = {
    kind: 'pdf' as const,
    url,
    canonicalUrl: null,
    pageTitle: (metadata.title ?? info?.Title ?? title.textContent ?? url).slice(0, 1000),
    metadata,
    pdf: { sha256: pdf.sha256, fingerprints: pdf.doc.fingerprints.filter((f): f is string => !!f), pageCount: pdf.doc.numPages },
    linkContext: (linkContext as Record<string, unknown> | null) ?? null,
  };
  if (!text.hasText) {
    initManualEntry(doc, source, pdf.doc.numPages);
    return;
  }
  const clipper = new PdfClipper(doc, view, text.pages, source);
  await clipper.showExistingClips();
  initClipButton(doc, (range) => clipper.capture(range), new AbortController().signal);
  initViewerRequests(doc, clipper, url);
  doc.body.dataset.ready = 'true'; // first page drawn and its text selectable (tests, benchmarks)
}
