/**
 * Turning a clipped range of a page's text into W3C Web Annotation selectors
 * (https://www.w3.org/TR/annotation-model/#text-quote-selector), as Hypothesis's
 * `TextQuoteAnchor.toSelector` does, with the same 32 chars of context on each side.
 */
import type { TextPositionSelector, TextQuoteSelector } from './types';
import { isWhitespaceCode } from './text-index';

/** Hypothesis's context length (client `src/annotator/anchoring/types.ts`). */
export const CONTEXT_LENGTH = 32;
/** However much indentation a page has, the context never reaches further than this. */
const MAX_CONTEXT_SPAN = 8 * CONTEXT_LENGTH;

/**
 * Counts 32 chars as matching counts them, i.e. a run of whitespace as one char, so that a page's
 * indentation ("\n        ") does not eat the context. The stored text keeps its whitespace.
 */
function contextSpan(text: string, from: number, step: 1 | -1): number {
  let counted = 0;
  let span = 0;
  let previousWasSpace = false;
  for (let i = step === 1 ? from : from - 1; i >= 0 && i < text.length && span < MAX_CONTEXT_SPAN; i += step) {
    const isSpace = isWhitespaceCode(text.charCodeAt(i));
    if (!(isSpace && previousWasSpace)) {
      if (counted === CONTEXT_LENGTH) break;
      counted++;
    }
    previousWasSpace = isSpace;
    span++;
  }
  return span;
}

/** Selectors for text[start, end): the quote with its context, and its position. */
export function describeTextRange(
  text: string,
  start: number,
  end: number,
): { quote: TextQuoteSelector; position: TextPositionSelector } {
  if (!(0 <= start && start <= end && end <= text.length)) {
    throw new RangeError(`describeTextRange: [${start}, ${end}) is not inside a text of length ${text.length}`);
  }
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(start - contextSpan(text, start, -1), start),
      suffix: text.slice(end, end + contextSpan(text, end, 1)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
