import { normaliseSpace } from '../text';

/** A page as the viewer reads it: `pageLinesOf(items)` of pdf.js's text items (anchoring/pdf-types.ts). */
export interface PdfPageLines {
  /** 1-based page number. */
  page: number;
  lines: string;
}

/** One printed line, cleaned, with the page it is on. */
export interface PdfLine {
  text: string;
  page: number;
  /** The line starts a list item (its bullet glyph removed from `text`). */
  isBullet: boolean;
}

// Bullet glyphs as they come out of pdf.js: Word's ◼ and •, Symbol/Wingdings glyphs mapped to the
// private-use area, modern.gov's literal "·". Dashes and asterisks count only before a space.
const BULLET = /^(?:[•◼◻▪▫■□●○◦‣⁃∙·➢➤✓✔\uE000-\uF8FF]\s*|[-–*]\s+)(?=\S)/;
// "3", "Page 3", "Page 3 of 13", "- 3 -", "3/13": page numbers printed above or below the text.
const PAGE_NUMBER = /^(?:page\s+)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:of|\/)\s*\d{1,3})?$/i;
// Typographic ligatures ("ﬁndings") that pdf.js leaves in when asked not to normalise text, as
// the viewer's text layer does: metadata must read the same whichever way the text was taken.
const LIGATURES: Record<string, string> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };

function withoutLigatures(text: string): string {
  return text.replace(/[\uFB00-\uFB06]/g, (ligature) => LIGATURES[ligature] ?? ligature);
}

/** Lines at each end of a page where running headers, footers and page numbers sit. */
const EDGE = 2;

function edgeIndexes(count: number): number[] {
  const indexes = new Set<number>();
  for (let i = 0; i < Math.min(EDGE, count); i++) indexes.add(i).add(count - 1 - i);
  return [...indexes];
}

/** A running header's text with its page number blanked, so "Report 2 of 9" and "Report 3 of 9" match. */
function runningKey(text: string): string {
  return text.replace(/\d+/g, '#').toLowerCase();
}

/**
 * Texts repeated at the top or bottom of most pages (running headers and footers such as a
 * council's "Cabinet 26 February 2020" or a protective marking). They belong to no passage and
 * would otherwise be glued into the paragraphs that cross a page break.
 */
function runningLines(pages: readonly string[][]): Set<string> {
  if (pages.length < 3) return new Set();
  const seen = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set(edgeIndexes(lines.length).map((i) => runningKey(lines[i]!)));
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 2));
  return new Set([...seen].filter(([, count]) => count >= threshold).map(([key]) => key));
}

/**
 * The printed lines of the first `pageLimit` pages, in reading order, without page numbers,
 * running headers and footers, or empty lines; bullet glyphs are noted and removed. Running texts
 * are found over every page given, as they only show as such when repeated.
 */
export function readPdfLines(pages: readonly PdfPageLines[], pageLimit: number): PdfLine[] {
  const split = pages.map((p) => p.lines.split('\n').map((line) => withoutLigatures(normaliseSpace(line))).filter(Boolean));
  const running = runningLines(split);
  const lines: PdfLine[] = [];
  split.slice(0, pageLimit).forEach((pageLines, i) => {
    const edges = new Set(edgeIndexes(pageLines.length));
    pageLines.forEach((raw, j) => {
      const atEdge = edges.has(j);
      if (atEdge && (PAGE_NUMBER.test(raw) || running.has(runningKey(raw)))) return;
      const bullet = BULLET.exec(raw);
      lines.push({ text: bullet ? raw.slice(bullet[0].length) : raw, page: pages[i]!.page, isBullet: bullet !== null });
    });
  });
  return lines;
}
