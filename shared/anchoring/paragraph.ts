/**
 * The paragraph number printed in a council report or Ofsted letter ("3.18", "1.1.", "12.", "2)"),
 * so a clip can be cited as "para 3.18". Only a number printed at the very start of the block
 * holding the selection counts; a number inside a sentence ("In 2019 we…") never does.
 *
 * When the block has no number of its own, the block just before it (a table cell, a label div)
 * is used if it holds nothing but a number (action plans are often "1.1 | action | owner" rows). A
 * modern.gov agenda item number (`td.mgItemNumberCell` "181") is not a paragraph number: the
 * selection's block there is a <p> inside the item's text cell, which has no number, so the
 * paragraph stays null; the item number belongs to the page's metadata, not to the clip.
 */

/** Blocks that hold a paragraph's text (no layout in content scripts under jsdom, so by tag). */
const PARAGRAPH_TAGS = new Set([
  'ADDRESS', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DIV', 'DT', 'FIGCAPTION', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'LI', 'P', 'PRE', 'TD', 'TH',
]);
/** Blocks that hold other blocks: a number at their start is not this selection's paragraph number. */
const CONTAINER_TAGS = new Set([
  'ARTICLE', 'ASIDE', 'BODY', 'DL', 'FIELDSET', 'FIGURE', 'FOOTER', 'FORM', 'HEADER', 'HTML', 'MAIN', 'NAV',
  'OL', 'SECTION', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);

const ELEMENT_NODE = 1;
/** modern.gov's agenda item number cell: an item number, never a paragraph label (see above). */
const AGENDA_ITEM_NUMBER_CLASS = 'mgItemNumberCell';

/**
 * "3.18", "1.1.", "12.", "2)", "(2)" at the start, then whitespace or the end. At most three digits
 * per part, so a year ("2019 saw…") is never a paragraph number.
 */
const LEADING_NUMBER = /^\(?(\d{1,3}(?:\.\d{1,3}){0,3})(\.|\))?(?=\s|$)/;
const BARE_NUMBER = /^\(?(\d{1,3}(?:\.\d{1,3}){0,3})[.)]?$/;
const MONTH_NEXT = /^\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/**
 * The paragraph number at the start of `text`, or null. A bare number followed by a lowercase word
 * ("12 children were…") or a month ("4 June 2019") is a quantity or a date, not a paragraph number.
 */
export function leadingParagraphNumber(text: string): string | null {
  const trimmed = text.trimStart();
  const match = LEADING_NUMBER.exec(trimmed);
  if (!match) return null;
  const rest = trimmed.slice(match[0].length);
  const hasPunctuation = match[2] !== undefined || trimmed.startsWith('(');
  if (!hasPunctuation && (/^\s+\p{Ll}/u.test(rest) || MONTH_NEXT.test(rest))) return null;
  return match[1]!;
}

const tagOf = (node: Node) => (node.nodeType === ELEMENT_NODE ? (node as Element).tagName.toUpperCase() : '');

/** The nearest paragraph-like ancestor, or null when a container (or nothing) comes first. */
function nearestParagraphBlock(node: Node): Element | null {
  for (let n: Node | null = node; n; n = n.parentNode) {
    const tag = tagOf(n);
    if (PARAGRAPH_TAGS.has(tag)) return n as Element;
    if (CONTAINER_TAGS.has(tag)) return null;
  }
  return null;
}

/** The paragraph number of the block holding `node` (typically a selection's start), or null. */
export function findParagraphNumber(node: Node): string | null {
  const block = nearestParagraphBlock(node);
  if (!block) return null;
  const own = leadingParagraphNumber(block.textContent ?? '');
  if (own !== null) return own;
  // A number in its own cell or label just before the block ("<td>1.1</td><td>action…</td>").
  const label = block.previousElementSibling;
  if (!label || !PARAGRAPH_TAGS.has(tagOf(label)) || label.classList.contains(AGENDA_ITEM_NUMBER_CLASS)) return null;
  const match = BARE_NUMBER.exec((label.textContent ?? '').trim());
  return match ? match[1]! : null;
}
