/**
 * The two large libraries the command reads documents with, loaded on first use (a run over HTML
 * files never loads pdf.js, nor one over PDFs jsdom). The bin passes loaders of its own, which
 * import them natively: through tsx's compiler, which the command's TypeScript goes through, pdf.js
 * (2 MB) and jsdom took ~0.7 s longer to start (`node --cpu-prof` of one PDF's run).
 */
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type Jsdom = typeof import('jsdom');

export interface Loaders {
  pdfjs(): Promise<PdfJs>;
  jsdom(): Promise<Jsdom>;
}

/** import() caches a module once loaded, so calling a loader again costs nothing. */
export const DEFAULT_LOADERS: Loaders = {
  pdfjs: () => import('pdfjs-dist/legacy/build/pdf.mjs'),
  jsdom: () => import('jsdom'),
};
