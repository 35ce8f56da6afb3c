/**
 * REFI-QDA counts text positions in Unicode code points from 0 (the standard's "Text positions"; the
 * schemas' README repeats it); JavaScript strings and Evident's spans count UTF-16 code units. A
 * character outside the Basic Multilingual Plane (an emoji, 𝒳) is two units and one code point, so
 * every one before a clip shifts it by one.
 */

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The code-point offset of each UTF-16 offset into `text`, in one pass over the text however many
 * offsets are asked for. An offset that falls inside a surrogate pair counts that pair as passed.
 * A lone surrogate counts as one code point, as UTF-8 encoders write it (one U+FFFD).
 */
export function codePointOffsets(text: string, offsets: Iterable<number>): Map<number, number> {
  const targets = [...new Set(offsets)].sort((a, b) => a - b);
  const result = new Map<number, number>();
  let unit = 0;
  let codePoints = 0;
  for (const target of targets) {
    const stop = Math.min(Math.max(target, 0), text.length);
    while (unit < stop) {
      const pair = isHighSurrogate(text.charCodeAt(unit)) && unit + 1 < text.length && isLowSurrogate(text.charCodeAt(unit + 1));
      unit += pair ? 2 : 1;
      codePoints++;
    }
    result.set(target, codePoints);
  }
  return result;
}

export function codePointLength(text: string): number {
  return codePointOffsets(text, [text.length]).get(text.length)!;
}
