import { EVIDENT_UI_ATTRIBUTE } from '../anchoring/dom-text';

/** Never shown as text (and Evident's own in-page UI). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'iframe', 'object', 'button', 'select', 'input', 'textarea']);
/** Elements that start a new line of text as a reader sees it. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);
const CELLS = new Set(['td', 'th']);
/** A region this short is a skip link or a banner, not the document. */
const MIN_MAIN_CHARS = 200;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * The part of a page that is the document: the first `main`, `[role=main]` or `article` holding a
 * real amount of text, else the body (council sites often mark up no main region at all).
 */
export function mainRegionOf(doc: Document): Element | null {
  for (const selector of ['main', '[role="main"]', 'article']) {
    const region = doc.querySelector(selector);
    if (region && (region.textContent ?? '').trim().length >= MIN_MAIN_CHARS) return region;
  }
  return doc.body;
}

/**
 * A page's main text as a reader sees it, for the source snapshot a pack shows a quote in: blocks on
 * their own lines (a blank line between paragraphs), table cells separated by tabs, runs of spaces as
 * one. It is for reading and checking, not for anchoring on the live page (anchoring uses the raw
 * text nodes, dom-text.ts); a clip's place in it is found by its quote (shared/workspace/snapshots.ts).
 */
export function mainTextOf(doc: Document): string {
  const region = mainRegionOf(doc);
  if (!region) return '';
  const out: string[] = [];
  walk(region, out);
  return out
    .join('')
    .replace(/[ \t\f\v\u00a0]*\n[ \t\f\v\u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(node: Node, out: string[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE) {
      const text = (child as Text).data.replace(/\s+/g, ' ');
      if (text) out.push(text);
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.localName.toLowerCase();
    if (SKIPPED.has(tag) || element.hasAttribute(EVIDENT_UI_ATTRIBUTE) || element.getAttribute('aria-hidden') === 'true') continue;
    const isBlock = BLOCKS.has(tag);
    if (isBlock) out.push(tag === 'p' || /^h[1-6]$/.test(tag) ? '\n\n' : '\n');
    walk(element, out);
    if (isBlock) out.push(tag === 'p' || /^h[1-6]$/.test(tag) ? '\n\n' : '\n');
    else if (CELLS.has(tag)) out.push('\t');
  }
}

/**
 * A PDF's text as a snapshot keeps it: each page's lines, pages separated by a blank line, and where
 * each page starts, so a pack can say which page a passage is on.
 */
export function pdfSnapshotText(pages: ReadonlyArray<{ page: number; lines: string }>): { text: string; pageStarts: number[] } {
  const pageStarts: number[] = [];
  let text = '';
  for (const { lines } of [...pages].sort((a, b) => a.page - b.page)) {
    if (text) text += '\n\n';
    pageStarts.push(text.length);
    text += lines.replace(/[ \t]+\n/g, '\n').trimEnd();
  }
  return { text, pageStarts };
}
