import type { PDFDocumentProxy } from 'pdfjs-dist';
import * as pdfjsLib from 'pdfjs-dist';

/** A page whose text layer is on screen: its number and the `.textLayer` element. */
export interface RenderedPage {
  page: number;
  layer: HTMLElement;
}

export interface PdfView {
  /** Pages whose text layers are rendered now (pdf.js renders them as they scroll into view). */
  renderedPages(): RenderedPage[];
  onTextLayer(listener: (page: RenderedPage) => void): void;
  goToPage(page: number): void;
  get currentPage(): number;
  onPageChange(listener: (page: number) => void): void;
  setScale(value: string): void;
  zoom(steps: number): void;
  get scale(): number;
  find(query: string, previous: boolean): void;
  onFindResult(listener: (state: { current: number; total: number; found: boolean }) => void): void;
  /** Makes sure a page's text layer is rendered (scrolling to it) and resolves with it. */
  renderPage(page: number): Promise<RenderedPage>;
}

/**
 * pdf.js's own viewer components (PDFViewer, link service, find controller): scrolling, lazy page
 * rendering, zoom and find as in Firefox's viewer, with a selectable text layer on every page.
 * `pdf_viewer.mjs` reads the library from `globalThis.pdfjsLib`, so it is loaded after that is set.
 */
export async function createPdfView(container: HTMLDivElement, doc: PDFDocumentProxy): Promise<PdfView> {
  (globalThis as { pdfjsLib?: unknown }).pdfjsLib = pdfjsLib;
  const { EventBus, PDFFindController, PDFLinkService, PDFViewer } = await import('pdfjs-dist/web/pdf_viewer.mjs');
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const findController = new PDFFindController({ eventBus, linkService });
  const viewer = new PDFViewer({ container, eventBus, linkService, findController });
  linkService.setViewer(viewer);
  const initialised = new Promise<void>((resolve) =>
    eventBus.on('pagesinit', () => {
      viewer.currentScaleValue = 'page-width';
      resolve();
    }),
  );
  viewer.setDocument(doc);
  linkService.setDocument(doc, null);
  await initialised;

  const layers = new Map<number, HTMLElement>();
  const textListeners: Array<(page: RenderedPage) => void> = [];
  eventBus.on('textlayerrendered', (event: { pageNumber: number; source: { textLayer?: { div: HTMLElement } } }) => {
    const layer = event.source.textLayer?.div;
    if (!layer) return;
    layers.set(event.pageNumber, layer);
    for (const listener of textListeners) listener({ page: event.pageNumber, layer });
  });

  return {
    renderedPages: () =>
      [...layers].filter(([, layer]) => layer.isConnected).map(([page, layer]) => ({ page, layer })).sort((a, b) => a.page - b.page),
    onTextLayer: (listener) => void textListeners.push(listener),
    goToPage: (page) => {
      viewer.currentPageNumber = Math.min(Math.max(1, page), doc.numPages);
    },
    get currentPage() {
      return viewer.currentPageNumber;
    },
    onPageChange: (listener) => eventBus.on('pagechanging', (e: { pageNumber: number }) => listener(e.pageNumber)),
    setScale: (value) => {
      viewer.currentScaleValue = value;
    },
    zoom: (steps) => {
      viewer.currentScale = Math.min(5, Math.max(0.25, viewer.currentScale * 1.1 ** steps));
    },
    get scale() {
      return viewer.currentScale;
    },
    find: (query, previous) =>
      eventBus.dispatch('find', { source: null, type: 'again', query, caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: previous, matchDiacritics: false }),
    onFindResult: (listener) =>
      eventBus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) =>
        listener({ current: e.matchesCount.current, total: e.matchesCount.total, found: e.matchesCount.total > 0 }),
      ),
    renderPage: (page) =>
      new Promise((resolve) => {
        const ready = layers.get(page);
        if (ready?.isConnected && ready.childElementCount) return resolve({ page, layer: ready });
        const listener = (rendered: RenderedPage) => {
          if (rendered.page !== page) return;
          textListeners.splice(textListeners.indexOf(listener), 1);
          resolve(rendered);
        };
        textListeners.push(listener);
        viewer.currentPageNumber = page;
      }),
  };
}
