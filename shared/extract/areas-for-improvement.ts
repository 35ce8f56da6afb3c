import type { BlockText, TextBlock } from './text';

export interface AreasForImprovement {
  items: string[];
  origin: string;
  /** Where the list was read, for the field's source. */
  from: string;
}

/**
 * Section titles under which Ofsted lists its areas for improvement: "What needs to improve?" (ILACS),
 * "What does the local authority need to improve?" (2013-17 reports), "Areas for priority action"
 * (focused visits). Councils that reproduce the list keep the title, or head it with Ofsted's name
 * ("Ofsted's recommendations", "Recommendations from Ofsted").
 */
const AREAS_HEADING =
  /^(?:what needs to improve|what does the local authority need to improve|areas? for (?:improvement|priority action)|areas? (?:that|which) need(?:s)? to improve|ofsted['’]?s? recommendations|recommendations (?:from|made by|of) (?:the )?ofsted)\b[^.]{0,40}[?:]?$/i;

/** Trigger words of a council paragraph that sums up Ofsted's list ("aspects … requiring improvement"). */
const ABOUT_IMPROVEMENT = /\b(?:requir\w* improvement|need(?:s|ed)? to improve|areas? for improvement)\b/i;

/**
 * A line that introduces Ofsted's list in minutes or a report: "Ofsted identified the following
 * areas for improvement:", "The inspection found that the following areas needed to improve:",
 * "The recommendations made by Ofsted were:". It ends with a colon and names what is listed in
 * Ofsted's words ("areas for improvement", "what needs to improve"), or in words any list may use
 * ("recommendations", "need to improve") together with who listed them (Ofsted, the inspection, its
 * report), in the line or in the paragraph before it.
 */
const OFSTED_LIST_WORDS = /\b(?:areas? (?:for|of) (?:improvement|priority action)|what needs to improve)\b/i;
const LIST_WORDS =
  /\b(?:(?:needs?|needed) to improve|requir\w* improvement|(?:areas?|aspects?) (?:that|which|where) (?:need|require)\w*|recommendations?)\b/i;
const NAMES_OFSTED = /\b(?:Ofsted|inspect\w*|judgement|ILACS)\b/i;

// Bullets as council documents carry them in their text: Word's "·" pasted into minutes, "•", dashes;
// or a list's own numbering ("1.", "(a)", "ii)").
const BULLET_GLYPH = /^(?:[·•◦▪■●○‣⁃∙➢➤✓✔\uF0B7\uF0A7]|[-–*](?=\s)|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)](?=\s))[\s\u00a0]*/;

/** A list item: an `<li>`, a PDF line that started with a bullet, or a paragraph starting with a bullet glyph. */
function isListItem(block: TextBlock): boolean {
  const marked = block as TextBlock & { isBullet?: boolean; el?: Element };
  return marked.isBullet === true || marked.el?.nodeName.toUpperCase() === 'LI' || BULLET_GLYPH.test(block.text);
}

/** "·      The quality of plans;" → "The quality of plans": the glyph and the list's joining punctuation go. */
export function listItemText(text: string): string {
  return text
    .replace(BULLET_GLYPH, '')
    .replace(/(?:\s*;\s*(?:and|or)?|,\s*(?:and|or)|\s+(?:and|or))$/i, '')
    .trim();
}

/**
 * A list's items where a PDF's paragraph reader ran them together (a printed list whose bullets are
 * drawn, not text): a line ending an item with a full stop, then a line starting with a capital,
 * starts the next item. An HTML block's lines break only at `<br>`, so its items stay whole.
 */
function splitPrintedItems(page: BlockText, index: number, items: string[]): string[] {
  const blocks = page.blocks.slice(index + 1, index + 1 + items.length);
  const isPrintedWithoutBullets = (b: TextBlock, i: number) => b.text === items[i] && !('el' in b) && !isListItem(b);
  if (blocks.length !== items.length || !blocks.every(isPrintedWithoutBullets)) return items;
  return blocks.flatMap((block) => {
    const split: string[][] = [[]];
    block.lines.forEach((line, i) => {
      split.at(-1)!.push(line);
      if (/[.;]$/.test(line) && /^[A-Z]/.test(block.lines[i + 1] ?? '')) split.push([]);
    });
    return split.filter((lines) => lines.length > 0).map((lines) => lines.reduce((text, line) => (/\w-$/.test(text) ? text + line : `${text} ${line}`)).trim());
  });
}

/**
 * A heading (or a line standing as one) titled like Ofsted's list, and the items under it. In a
 * PDF the heading may end the paragraph before it, when that paragraph's last line runs to the measure.
 */
function readListUnderHeading(page: BlockText): string[] {
  for (const [index, block] of page.blocks.entries()) {
    if (!AREAS_HEADING.test(block.text) && !(block.lines.length > 1 && AREAS_HEADING.test(block.lines.at(-1)!))) continue;
    const items = page.itemsAfter(index);
    if (items.length > 0) return splitPrintedItems(page, index, items);
  }
  return [];
}

/** The list items right after block `index` (or the bulleted lines after the lead-in's own line). */
function bulletsAfter(page: BlockText, index: number): string[] {
  const block = page.blocks[index]!;
  const leadIn = block.lines.findIndex((line) => line.endsWith(':'));
  const inBlock = block.lines.slice(leadIn + 1);
  if (leadIn >= 0 && inBlock.length > 0 && inBlock.every((line) => BULLET_GLYPH.test(line))) return inBlock.map(listItemText);
  const items: string[] = [];
  for (const next of page.blocks.slice(index + 1)) {
    if (!isListItem(next)) break;
    items.push(listItemText(next.text));
  }
  return items.filter(Boolean);
}

/** A line introducing Ofsted's list ("Ofsted identified the following areas for improvement:") and its bullets. */
function readListAfterLeadIn(page: BlockText): string[] {
  for (const [index, block] of page.blocks.entries()) {
    const leadIn = block.lines.find((line) => line.endsWith(':')) ?? (block.text.endsWith(':') ? block.text : null);
    if (!leadIn || leadIn.length > 300) continue;
    const context = `${page.blocks[index - 1]?.text ?? ''} ${leadIn}`;
    const introducesOfsted = OFSTED_LIST_WORDS.test(leadIn) || (LIST_WORDS.test(leadIn) && NAMES_OFSTED.test(context));
    if (!introducesOfsted) continue;
    const items = bulletsAfter(page, index);
    if (items.length > 0) return items;
  }
  return [];
}

/**
 * "The judgement listed 12 aspects of the service requiring improvement. The relevant issues can be
 * summarised as: a; b; c." — the items after the colon, verbatim, when there are at least three.
 */
function readSummarisedList(page: BlockText): string[] {
  for (const { text } of page.blocks) {
    const trigger = ABOUT_IMPROVEMENT.exec(text);
    if (!trigger) continue;
    const colon = text.indexOf(':', trigger.index);
    if (colon < 0) continue;
    const items = text
      .slice(colon + 1)
      .split(';')
      .map((item) => item.trim().replace(/^and\s+/i, '').replace(/\.$/, ''))
      .filter(Boolean);
    if (items.length >= 3) return items;
  }
  return [];
}

/**
 * Ofsted's areas for improvement, verbatim: they become the recommendations of the improvement plan.
 * `fromOfsted` says whether the page is Ofsted's own report (origin of the list).
 */
export function readAreasForImprovement(page: BlockText, fromOfsted: boolean): AreasForImprovement | null {
  const listed = readListUnderHeading(page);
  if (listed.length > 0) {
    return {
      items: fromOfsted ? listed : listed.map(listItemText),
      origin: fromOfsted ? 'ofsted_report ("What needs to improve" section)' : 'council_copy_of_ofsted_list',
      from: 'the list under "What needs to improve"',
    };
  }
  if (fromOfsted) return null;
  const introduced = readListAfterLeadIn(page);
  if (introduced.length > 0) return { items: introduced, origin: 'council_copy_of_ofsted_list', from: 'the list after a line introducing Ofsted’s areas for improvement' };
  const summarised = readSummarisedList(page);
  return summarised.length > 0 ? { items: summarised, origin: 'council_summary_of_ofsted', from: 'a sentence summarising Ofsted’s areas for improvement' } : null;
}
