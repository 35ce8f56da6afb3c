import { type BlockText, sentencesOf, type TextBlock } from '../text';
import type { PdfLine } from './pdf-lines';

/**
 * A PDF's lines read as blocks (paragraphs, list items, headings), so that the readers written for
 * HTML pages (recommendations, areas for improvement, labels, prose) read PDFs too.
 *
 * pdf.js gives text, not structure: where a paragraph ends is judged from the lines alone. A
 * paragraph's lines run to the full measure except its last, so a line well short of the measure
 * ends a block; so does a short lead-in ("Cabinet is recommended to:"), a sentence ending short of
 * the measure, and the start of a bullet or a numbered paragraph. A line starting in lower case
 * continues an unfinished one before it (wrapped headings, table cells).
 */

export interface PdfBlock extends TextBlock {
  page: number;
  isBullet: boolean;
  /** Index of the block's first line in the lines it was built from. */
  firstLine: number;
}

export interface PdfBlockText extends BlockText {
  blocks: readonly PdfBlock[];
  lines: readonly PdfLine[];
}

/** Share of the measure below which a line is a paragraph's last. */
const SHORT_LINE = 0.75;
/** A sentence ending on a line this much shorter than the measure ends the paragraph. */
const SENTENCE_END_LINE = 0.9;
const SENTENCE_END = /[.?!][’'”")]?$/;
// "1. No children…", "2.1 Children's Services…", "10. Appendices", "(a) …", "ii) …"
const NUMBERED_START = /^(?:\d{1,2}\.(?:\d{1,2}\.?)*|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\))\s+\S/;

/** The full width of a text line, in characters: most lines of running text are about this long. */
function measureOf(lines: readonly PdfLine[]): number {
  const lengths = lines.map((l) => l.text.length).sort((a, b) => a - b);
  return lengths[Math.ceil(0.9 * (lengths.length - 1))] ?? 0;
}

function startsBlock(line: PdfLine): boolean {
  return line.isBullet || NUMBERED_START.test(line.text);
}

function endsBlock(line: PdfLine, next: PdfLine, measure: number, inBullet: boolean): boolean {
  if (startsBlock(next)) return true;
  const length = line.text.length;
  const nextContinues = /^[a-z]/.test(next.text);
  // A list item ends on its full stop: a capital after it starts what follows the list (Ofsted's
  // "What needs to improve?" bullets are followed by a section heading, often near full measure).
  if (inBullet && SENTENCE_END.test(line.text) && /^[A-Z]/.test(next.text)) return true;
  // A lead-in ends its block, unless it runs to the measure and the text carries on in lower case.
  if (line.text.endsWith(':')) return length < SHORT_LINE * measure || !nextContinues;
  const endsSentence = SENTENCE_END.test(line.text);
  if (nextContinues && !endsSentence) return false;
  // A page ending on a full stop rarely continues the paragraph on the next (a sign-off, a heading).
  if (endsSentence && next.page !== line.page) return true;
  return length < SHORT_LINE * measure || (endsSentence && length < SENTENCE_END_LINE * measure);
}

/** Lines joined as a reader reads them: a word hyphenated at a line end ("multi-" + "agency") stays whole. */
function joinLines(lines: readonly string[]): string {
  return lines.reduce((text, line) => (!text ? line : /\w-$/.test(text) ? text + line : `${text} ${line}`), '');
}

/** A block standing as a heading: short, starting with a capital or a number, ending without punctuation. */
function looksLikeHeading(text: string, isBullet: boolean): boolean {
  return !isBullet && text.length <= 150 && /^[A-Z0-9‘'"(]/.test(text) && !/[.,;:!][’'”")]?$/.test(text);
}

function toBlock(lines: readonly PdfLine[], firstLine: number): PdfBlock {
  const texts = lines.map((l) => l.text);
  const text = joinLines(texts);
  const isBullet = lines[0]!.isBullet;
  return { text, lines: texts, isHeading: looksLikeHeading(text, isBullet), page: lines[0]!.page, isBullet, firstLine };
}

/** `skip`: line ranges read otherwise (a judgement table), left out of the blocks and ending them. */
function buildBlocks(lines: readonly PdfLine[], skip: ReadonlyArray<readonly [number, number]>): PdfBlock[] {
  const measure = measureOf(lines);
  const isSkipped = (i: number) => skip.some(([first, last]) => i >= first && i <= last);
  const blocks: PdfBlock[] = [];
  let current: PdfLine[] = [];
  let first = 0;
  const close = () => {
    if (current.length > 0) blocks.push(toBlock(current, first));
    current = [];
  };
  lines.forEach((line, i) => {
    if (isSkipped(i)) return close();
    if (current.length === 0) first = i;
    current.push(line);
    const next = lines[i + 1];
    if (!next || endsBlock(line, next, measure, current[0]!.isBullet)) close();
  });
  close();
  return blocks;
}

/**
 * The items a block introduces: the bullets right after it, or else the paragraphs up to the next
 * heading (as `itemsAfter` reads an HTML section).
 */
function itemsAfterBlock(blocks: readonly PdfBlock[], index: number): string[] {
  const following = blocks.slice(index + 1);
  if (following[0]?.isBullet) {
    const end = following.findIndex((b) => !b.isBullet);
    return following.slice(0, end < 0 ? undefined : end).map((b) => b.text);
  }
  const end = following.findIndex((b) => b.isHeading);
  return following.slice(0, end < 0 ? undefined : end).map((b) => b.text);
}

export function readPdfBlockText(
  lines: readonly PdfLine[],
  skip: ReadonlyArray<readonly [number, number]> = [],
): PdfBlockText {
  const blocks = buildBlocks(lines, skip);
  return {
    lines,
    blocks,
    sentences: blocks.flatMap((b) => sentencesOf(b.text)),
    itemsAfter: (index) => itemsAfterBlock(blocks, index),
    linesBeside: (index) => [...(blocks[index + 1]?.lines ?? [])],
  };
}
