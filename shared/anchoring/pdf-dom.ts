/**
 * Between the viewer's text layers and page-text offsets. pdf.js renders a page's text layer as one
 * span per text item and a <br> per end of line, so `textOf(layer).text` is the page text of
 * pdf-types.ts and offsets carry over unchanged; a zoom only restyles the spans (pdf.js
 * `TextLayer.update`), so offsets do not depend on the scale. DOM access goes only through the
 * nodes passed in (dom-text.ts), never through globals.
 */
import type { PdfTextSpan } from './pdf-types';
import { offsetOfBoundary, rangeFromOffsets, textOf, type TextContent } from './dom-text';

/** A DOM range over [startOffset, endOffset) of a page's text layer, or null outside its text. */
export function textLayerRange(layer: Element, startOffset: number, endOffset: number): Range | null {
  return rangeFromOffsets(layer, startOffset, endOffset);
}

/** The page-text offset of a boundary point (node, offset) inside a page's text layer. */
export function offsetInTextLayer(layer: Element, node: Node, offset: number): number {
  return offsetOfBoundary(layer, textOf(layer), node, offset);
}

/**
 * The span a selection covers, in page-text coordinates; null when it touches no text layer or
 * covers no text. `pages` are the rendered pages' text layers (any order). A selection may start
 * or end outside a layer (on a page's margin, between pages): it then starts at the first text of
 * the first layer it reaches and ends after the last text of the last one.
 */
export function spanFromSelection(pages: ReadonlyArray<{ page: number; layer: Element }>, range: Range): PdfTextSpan | null {
  const touched = pages.filter((p) => range.intersectsNode(p.layer)).sort((a, b) => a.page - b.page);
  if (touched.length === 0) return null;
  const texts = new Map<Element, TextContent>();
  const textOfLayer = (layer: Element) => texts.get(layer) ?? texts.set(layer, textOf(layer)).get(layer)!;
  let first = 0;
  let last = touched.length - 1;
  const startLayer = touched[first]!.layer;
  let startOffset = startLayer.contains(range.startContainer)
    ? offsetOfBoundary(startLayer, textOfLayer(startLayer), range.startContainer, range.startOffset)
    : 0;
  const endLayer = touched[last]!.layer;
  let endOffset = endLayer.contains(range.endContainer)
    ? offsetOfBoundary(endLayer, textOfLayer(endLayer), range.endContainer, range.endOffset)
    : textOfLayer(endLayer).text.length;
  // A drag that ends just inside the next page (or starts just after a page's text) selects nothing
  // there: the span keeps to the pages whose text it covers.
  while (first < last && startOffset >= textOfLayer(touched[first]!.layer).text.length) {
    first++;
    startOffset = 0;
  }
  while (last > first && endOffset === 0) {
    last--;
    endOffset = textOfLayer(touched[last]!.layer).text.length;
  }
  if (first === last && endOffset <= startOffset) return null;
  return { startPage: touched[first]!.page, startOffset, endPage: touched[last]!.page, endOffset };
}
