/**
 * The text of a page as anchoring sees it, and the way back from text offsets to DOM ranges.
 * Everything goes through the root node it is given (its ownerDocument makes walkers and ranges),
 * never through DOM globals: the same code runs in content scripts, in the PDF viewer's text layer
 * and in Node under jsdom.
 */

/** Text of these is never shown to the reader, so it must not shift offsets or be matched. */
const UNRENDERED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
/** Our own in-page UI (the clip button's shadow host) carries this attribute. */
export const EVIDENT_UI_ATTRIBUTE = 'data-evident-ui';

// Node and NodeFilter constants as numbers: `Node`/`NodeFilter` are globals we may not have.
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const SHOW_ELEMENT = 0x1;
const SHOW_TEXT = 0x4;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;
const FILTER_SKIP = 3;

export interface TextNodeAt {
  node: Text;
  /** Offset of the node's first char in `TextContent.text`. */
  start: number;
}

export interface TextContent {
  text: string;
  /** Non-empty text nodes in document order. */
  nodes: TextNodeAt[];
}

export function documentOf(root: Node): Document {
  const doc = root.nodeType === DOCUMENT_NODE ? (root as Document) : root.ownerDocument;
  if (!doc) throw new Error(`anchoring: node ${root.nodeName} belongs to no document`);
  return doc;
}

function isSkipped(element: Element): boolean {
  return UNRENDERED_TAGS.has(element.localName.toLowerCase()) || element.hasAttribute(EVIDENT_UI_ATTRIBUTE);
}

/**
 * The page's text: its text nodes in document order, concatenated as they are (no separators, so
 * offsets equal those of Hypothesis's `textContent`-based selectors), minus unrendered elements and
 * our own UI. Elements hidden by CSS or `hidden` are kept: an accordion closed on a later visit
 * must not make its clips "not found".
 */
export function textOf(root: Node): TextContent {
  const nodes: TextNodeAt[] = [];
  const parts: string[] = [];
  let length = 0;
  const add = (node: Text) => {
    const data = node.data;
    if (data.length === 0) return;
    nodes.push({ node, start: length });
    parts.push(data);
    length += data.length;
  };
  if (root.nodeType === TEXT_NODE) {
    add(root as Text);
  } else if (!(root.nodeType === ELEMENT_NODE && isSkipped(root as Element))) {
    const walker = documentOf(root).createTreeWalker(root, SHOW_ELEMENT | SHOW_TEXT, {
      acceptNode: (node: Node) =>
        node.nodeType === TEXT_NODE ? FILTER_ACCEPT : isSkipped(node as Element) ? FILTER_REJECT : FILTER_SKIP,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) add(node as Text);
  }
  return { text: parts.join(''), nodes };
}

/** Index of the last node starting at or before `offset` (strictly before, when `strict`). */
function nodeIndexAt(nodes: TextNodeAt[], offset: number, strict: boolean): number {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const s = nodes[mid]!.start;
    if (strict ? s < offset : s <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A DOM range over text[start, end) of `textOf(root)`; null when the offsets lie outside it. */
export function rangeFromOffsets(root: Node, start: number, end: number, content: TextContent = textOf(root)): Range | null {
  const { nodes, text } = content;
  if (nodes.length === 0 || start < 0 || end < start || end > text.length) return null;
  // A start on a node boundary goes to the next node, an end on a boundary to the previous one,
  // so the range holds no empty edge in a neighbouring element.
  const first = nodes[nodeIndexAt(nodes, start, false)]!;
  const last = end === start ? first : nodes[nodeIndexAt(nodes, end, end > 0)]!;
  const range = documentOf(root).createRange();
  range.setStart(first.node, Math.min(start - first.start, first.node.data.length));
  range.setEnd(last.node, Math.min(Math.max(0, end - last.start), last.node.data.length));
  return range;
}

/**
 * The text offset of a range boundary point. A point inside a listed text node maps directly;
 * any other point (between elements, inside a script) maps to the start of the next listed node.
 */
export function offsetOfBoundary(root: Node, content: TextContent, container: Node, offset: number): number {
  const { nodes, text } = content;
  if (container.nodeType === TEXT_NODE) {
    const listed = nodes.find((n) => n.node === container);
    if (listed) return listed.start + Math.min(offset, listed.node.data.length);
  }
  const point = documentOf(root).createRange();
  point.setStart(container, offset);
  // First listed node whose start is at or after the point (nodes are in document order).
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (point.comparePoint(nodes[mid]!.node, 0) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < nodes.length ? nodes[lo]!.start : text.length;
}
