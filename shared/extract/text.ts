/**
 * Text helpers shared by the extractors. They touch only the nodes passed in (no DOM globals), so
 * the same code runs on the live page in the content script and on jsdom documents in Node.
 */

// Node.nodeType values, written out because the `Node` global is not there in Node.js.
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DIV', 'DL', 'DT', 'FOOTER', 'H1', 'H2', 'H3',
  'H4', 'H5', 'H6', 'HEADER', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

/** Innermost text blocks: what a reader sees as one paragraph, list item, heading or table cell. */
const BLOCK_SELECTOR = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, caption, blockquote';
const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6';
// Site chrome (banner, menus, footer) says things about the site, not about the document.
const CHROME_SELECTOR =
  '[role="banner"], [role="navigation"], [role="contentinfo"], nav, body > header, body > footer';

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The lines of an element as a reader sees them: `<br>` and block boundaries break lines, so a
 * label such as "Lead inspector: Name<br>Her Majesty's Inspector" keeps name and role apart.
 * Comments are never read (fixtures and live pages alike may hide unrelated text in them).
 */
export function linesOf(el: Element): string[] {
  const parts: string[] = [];
  collectText(el, parts);
  return parts.join('').split('\n').map(normaliseSpace).filter(Boolean);
}

function collectText(node: Element, parts: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) parts.push(child.nodeValue ?? '');
    if (child.nodeType !== ELEMENT_NODE) continue;
    const tag = child.nodeName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) continue;
    if (tag === 'BR') {
      parts.push('\n');
      continue;
    }
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) parts.push('\n');
    collectText(child as Element, parts);
    if (isBlock) parts.push('\n');
  }
}

/** An element's text on one line, whitespace collapsed. */
export function textOf(el: Element): string {
  return linesOf(el).join(' ');
}

function isInChrome(el: Element): boolean {
  return el.closest(CHROME_SELECTOR) !== null;
}

export function isHeading(el: Element): boolean {
  return /^H[1-6]$/i.test(el.nodeName);
}

/**
 * The innermost text blocks of the document, in order, leaving out site chrome. One walk over the
 * tree (extractors call this often, and committee minutes can run to thousands of paragraphs).
 */
function contentBlocks(doc: Document): Element[] {
  const blocks: Element[] = [];
  // Returns whether `el` is or contains a block; blocks are kept only if they contain none.
  const visit = (el: Element): boolean => {
    if (el.matches(CHROME_SELECTOR)) return false;
    let containsBlock = false;
    for (const child of Array.from(el.children)) containsBlock = visit(child) || containsBlock;
    const isBlock = el.matches(BLOCK_SELECTOR);
    if (isBlock && !containsBlock) blocks.push(el);
    return isBlock || containsBlock;
  };
  if (doc.body) visit(doc.body);
  return blocks;
}

function contentHeadings(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll(HEADING_SELECTOR)).filter((el) => !isInChrome(el));
}

// A full stop after these does not end a sentence ("St. Helens", "Cllr. Smith").
const ABBREVIATION_AT_END = /\b(?:St|Dr|Mr|Mrs|Ms|No|Nos|Cllr|Cllrs|para|paras|e\.g|i\.e|etc|approx)\.$/i;

/** The sentences of a text, not split after abbreviations such as "St." or "Cllr.". */
export function sentencesOf(text: string): string[] {
  const pieces = normaliseSpace(text).split(/(?<=[.!?])\s+(?=[‘“"'(A-Z0-9])/);
  const sentences: string[] = [];
  for (const piece of pieces) {
    const last = sentences.length - 1;
    if (last >= 0 && ABBREVIATION_AT_END.test(sentences[last]!)) sentences[last] += ` ${piece}`;
    else if (piece) sentences.push(piece);
  }
  return sentences;
}

/** One paragraph, list item, heading or table cell, as a reader sees it. */
export interface TextBlock {
  /** The block's text on one line. */
  text: string;
  /** Its lines as printed (`<br>` or a PDF's line ends break them). */
  lines: readonly string[];
  isHeading: boolean;
}

/**
 * The light text model the readers share, so that one reader serves an HTML page (elements) and a
 * PDF (text lines, see pdf/pdf-text.ts) alike: blocks in reading order, their sentences, and how a
 * block relates to what follows it.
 */
export interface BlockText {
  blocks: readonly TextBlock[];
  /** Every sentence of the content, block by block. */
  sentences: readonly string[];
  /** The items (list items, paragraphs) of the section that block `index` introduces. */
  itemsAfter(index: number): string[];
  /** The lines standing beside block `index`, for a label alone on its line ("Lead inspector:"). */
  linesBeside(index: number): string[];
}

export interface Block extends TextBlock {
  el: Element;
}

/**
 * The page's content read once per extraction, so that the many readers do not each walk the
 * tree again. A snapshot: the content script builds a new one for every extraction of a live page.
 */
export interface PageText extends BlockText {
  doc: Document;
  blocks: readonly Block[];
  /** Headings outside site chrome, in order. */
  headings: readonly Element[];
}

export function readPageText(doc: Document): PageText {
  const blocks = contentBlocks(doc).map((el): Block => {
    const lines = linesOf(el);
    return { el, text: lines.join(' '), lines, isHeading: isHeading(el) };
  });
  return {
    doc,
    blocks,
    sentences: blocks.flatMap((block) => sentencesOf(block.text)),
    headings: contentHeadings(doc),
    itemsAfter: (index) => {
      const block = blocks[index];
      return block ? itemsAfter(block.el) : [];
    },
    linesBeside: (index) => {
      const next = blocks[index]?.el.nextElementSibling;
      return next ? linesOf(next) : [];
    },
  };
}

/**
 * The items of the section that `start` introduces (a heading, or a line such as "Cabinet is
 * recommended to:"): list items and paragraphs up to the next heading.
 */
export function itemsAfter(start: Element): string[] {
  // A heading wrapped alone in a container ("<div><h2>…</h2></div><ul>…") is followed by the
  // container's siblings, not its own.
  const anchor = !start.nextElementSibling && start.parentElement ? start.parentElement : start;
  const items: string[] = [];
  for (let el = anchor.nextElementSibling; el && !isHeading(el); el = el.nextElementSibling) {
    if (/^(?:UL|OL)$/i.test(el.nodeName)) {
      items.push(...Array.from(el.children).filter((li) => /^LI$/i.test(li.nodeName)).map(textOf));
    } else if (/^(?:P|DIV|LI)$/i.test(el.nodeName)) {
      if (el.querySelector(HEADING_SELECTOR)) break;
      items.push(textOf(el));
    }
  }
  return items.filter(Boolean);
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'to', 'in', 'on', 'with', 'a', 'an']);

/** "CABINET" → "Cabinet": names printed in capitals on front sheets, in the case used elsewhere. */
export function unshout(text: string): string {
  if (text !== text.toUpperCase() || !/[A-Z]/.test(text)) return text;
  return text
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

export function metaContent(doc: Document, key: string): string | null {
  const meta = doc.querySelector(`meta[name="${key}" i], meta[property="${key}" i]`);
  const content = normaliseSpace(meta?.getAttribute('content') ?? '');
  return content || null;
}

export function documentTitle(doc: Document): string | null {
  const title = doc.querySelector('title');
  const text = title ? normaliseSpace(title.textContent ?? '') : '';
  return text || null;
}
