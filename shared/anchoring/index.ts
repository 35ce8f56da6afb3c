/**
 * Anchoring: W3C Web Annotation selectors for clips, and re-finding them on a revisited page.
 * Pure text functions work anywhere; the DOM ones only touch the root node they are given.
 */
export type { ClipAnchor, TextMatch, TextPositionSelector, TextQuoteSelector } from './types';
export { describeTextRange, CONTEXT_LENGTH } from './describe';
export { prepareText, normalizeWhitespace, TextIndex } from './text-index';
export { matchQuote, MIN_FUZZY_QUOTE_LENGTH, MIN_FUZZY_SCORE } from './text-match';
export { matchQuotes, type QuoteToMatch } from './match-many';
export { findParagraphNumber, leadingParagraphNumber } from './paragraph';
export {
  anchorAll,
  anchorToRange,
  describeRange,
  prepareRoot,
  rangeFromOffsets,
  textOf,
  type AnchorOutcome,
  type PreparedRoot,
  type TextContent,
  type TextNodeAt,
} from './dom';
export type { PdfPageText, PdfTextSpan } from './pdf-types';
export { pdfPageFromTextContent, paragraphNumberAt, type PdfPageBlocks, type PdfTextItemLike } from './pdf-blocks';
export { PAGE_SEPARATOR, PdfTextModel, buildPdfTextModel, type PdfTextPoint } from './pdf-text-model';
export { anchorAllInPdf, anchorInPdf, describePdfSelection, type PdfAnchorOutcome } from './pdf-anchor';
export { offsetInTextLayer, spanFromSelection, textLayerRange } from './pdf-dom';
export { pdfSourceId, readPdfIdentity, sha256Hex } from './pdf-identity';
