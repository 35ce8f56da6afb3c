/**
 * Clips on a live page: a selected Range becomes a ClipAnchor (quote, position, paragraph number),
 * and a ClipAnchor becomes a Range again on a later visit. Clips that do not anchor are reported,
 * so the UI lists them as "not found on this page" instead of dropping them.
 */
import type { ClipAnchor, TextMatch } from './types';
import { describeTextRange } from './describe';
import { offsetOfBoundary, rangeFromOffsets, textOf, type TextContent } from './dom-text';
import { findParagraphNumber } from './paragraph';
import { matchQuote } from './text-match';
import { matchQuotes } from './match-many';
import { isWhitespaceCode, prepareText, type TextIndex } from './text-index';

export { textOf, rangeFromOffsets, type TextContent, type TextNodeAt } from './dom-text';

/** A page's text read once, for anchoring many clips on it. Stale once the page changes. */
export interface PreparedRoot {
  content: TextContent;
  index: TextIndex;
}

export function prepareRoot(root: Node): PreparedRoot {
  const content = textOf(root);
  return { content, index: prepareText(content.text) };
}

/** Selectors and paragraph number for a range the user selected inside `root`. */
export function describeRange(root: Node, range: Range): ClipAnchor {
  const content = textOf(root);
  const start = offsetOfBoundary(root, content, range.startContainer, range.startOffset);
  const end = Math.max(start, offsetOfBoundary(root, content, range.endContainer, range.endOffset));
  const { quote, position } = describeTextRange(content.text, start, end);
  return { quote, position, paragraph: paragraphAt(content, start, end) };
}

/**
 * The paragraph number where the selected text begins: at its first visible char, since a
 * triple-click selection often starts at the very end of the paragraph before.
 */
function paragraphAt(content: TextContent, start: number, end: number): string | null {
  let at = start;
  while (at < end && isWhitespaceCode(content.text.charCodeAt(at))) at++;
  let holder: Node | null = null;
  for (const n of content.nodes) {
    if (n.start > at) break;
    holder = n.node;
  }
  return holder ? findParagraphNumber(holder) : null;
}

/** Re-finds one clip; null when it is not on this page. Pass `prepared` when anchoring several. */
export function anchorToRange(
  root: Node,
  anchor: ClipAnchor,
  prepared: PreparedRoot = prepareRoot(root),
): { range: Range; match: TextMatch } | null {
  const match = matchQuote(prepared.index, anchor.quote, { position: anchor.position.start });
  const range = match && rangeFromOffsets(root, match.start, match.end, prepared.content);
  return match && range ? { range, match } : null;
}

export type AnchorOutcome =
  | { status: 'found'; anchor: ClipAnchor; range: Range; match: TextMatch }
  | { status: 'not-found'; anchor: ClipAnchor };

/** Re-finds every clip of a page, reading its text once; one outcome per anchor, in the same order. */
export function anchorAll(root: Node, anchors: readonly ClipAnchor[]): AnchorOutcome[] {
  const prepared = prepareRoot(root);
  const matches = matchQuotes(
    prepared.index,
    anchors.map((a) => ({ quote: a.quote, position: a.position.start })),
  );
  return anchors.map((anchor, i) => {
    const match = matches[i];
    const range = match && rangeFromOffsets(root, match.start, match.end, prepared.content);
    return match && range ? { status: 'found', anchor, range, match } : { status: 'not-found', anchor };
  });
}
