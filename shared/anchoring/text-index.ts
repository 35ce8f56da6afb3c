/**
 * A whitespace-insensitive view of a page's text, built once per page and shared by every quote
 * re-anchored on it. Pages re-flow between visits (newlines, indentation, NBSP from a CMS), so all
 * matching happens on a copy where each run of whitespace is one space; offsets are mapped back to
 * the original text at the end. The budget (1,000 quotes on a 1 MB page in 500 ms) is why
 * nothing here is recomputed per quote.
 */

/**
 * The characters JavaScript's `\s` matches (ECMA-262 WhiteSpace + LineTerminator), so that
 * `normalizeWhitespace` (a regex) and the offset map below (a loop) agree char for char.
 * NBSP (U+00A0) is among them, as it must be: councils' CMSs scatter it through report text.
 */
export function isWhitespaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Collapses every run of whitespace to one space (no trimming: callers decide about the ends). */
export function normalizeWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ');
}

export class TextIndex {
  /** The text exactly as given (e.g. `textOf(root).text`); all public offsets refer to it. */
  readonly text: string;
  /** `text` with each run of whitespace collapsed to one space. */
  readonly normalized: string;
  /** For each char of `normalized`, the offset of the char it came from; one extra entry = text.length. */
  private readonly originalOffsets: Int32Array;
  private wordPositionsCache: Map<string, number[]> | undefined;

  constructor(text: string) {
    this.text = text;
    this.normalized = normalizeWhitespace(text);
    const offsets = new Int32Array(this.normalized.length + 1);
    let n = 0;
    let inWhitespace = false;
    for (let i = 0; i < text.length; i++) {
      const isSpace = isWhitespaceCode(text.charCodeAt(i));
      if (!isSpace || !inWhitespace) offsets[n++] = i;
      inWhitespace = isSpace;
    }
    if (n !== this.normalized.length) {
      throw new Error(`TextIndex: whitespace map out of step with the regex (${n} vs ${this.normalized.length})`);
    }
    offsets[n] = text.length;
    this.originalOffsets = offsets;
  }

  /** Original offset of the normalised char at `offset` (or text.length at the end). */
  toOriginalOffset(offset: number): number {
    return this.originalOffsets[Math.max(0, Math.min(offset, this.normalized.length))]!;
  }

  /** Original [start, end) covering the normalised chars [start, end). */
  toOriginalRange(start: number, end: number): { start: number; end: number } {
    if (end <= start) {
      const at = this.toOriginalOffset(start);
      return { start: at, end: at };
    }
    return { start: this.toOriginalOffset(start), end: this.toOriginalOffset(end - 1) + 1 };
  }

  /** Normalised offset of the char that the original `offset` falls in (inside a whitespace run: the run's space). */
  toNormalizedOffset(offset: number): number {
    const offsets = this.originalOffsets;
    let lo = 0;
    let hi = this.normalized.length;
    if (offset >= this.text.length) return hi;
    // Largest i with offsets[i] <= offset (offsets is strictly increasing).
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Start offsets (normalised) of each space-separated word, keyed by the word. Built on first use
   * only: it serves the whole-text fuzzy fallback, which most re-anchoring runs never reach.
   */
  wordPositions(): Map<string, number[]> {
    if (this.wordPositionsCache) return this.wordPositionsCache;
    const map = new Map<string, number[]>();
    const s = this.normalized;
    let start = 0;
    while (start < s.length) {
      let end = s.indexOf(' ', start);
      if (end === -1) end = s.length;
      if (end > start) {
        const word = s.slice(start, end);
        const list = map.get(word);
        if (list) list.push(start);
        else map.set(word, [start]);
      }
      start = end + 1;
    }
    this.wordPositionsCache = map;
    return map;
  }
}

/** Builds the index for a page's text; reuse it for every quote on that page. */
export function prepareText(text: string): TextIndex {
  return new TextIndex(text);
}
