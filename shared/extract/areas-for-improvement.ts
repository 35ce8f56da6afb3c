import type { BlockText } from './text';

export interface AreasForImprovement {
  items: string[];
  origin: string;
}

/**
 * Section titles under which Ofsted lists its areas for improvement: "What needs to improve?" (ILACS),
 * "What does the local authority need to improve?" (2013-17 reports), "Areas for priority action"
 * (focused visits). Councils that reproduce the list keep the title.
 */
const AREAS_HEADING =
  /^(?:what needs to improve|what does the local authority need to improve|areas? for (?:improvement|priority action)|areas? (?:that|which) need(?:s)? to improve)\b[^.]{0,40}[?:]?$/i;

/** Trigger words of a council paragraph that sums up Ofsted's list ("aspects … requiring improvement"). */
const ABOUT_IMPROVEMENT = /\b(?:requir\w* improvement|need(?:s|ed)? to improve|areas? for improvement)\b/i;

/** A heading (or a line standing as one) titled like Ofsted's list, and the items under it. */
function readListUnderHeading(page: BlockText): string[] {
  for (const [index, block] of page.blocks.entries()) {
    if (!AREAS_HEADING.test(block.text)) continue;
    const items = page.itemsAfter(index);
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
      items: listed,
      origin: fromOfsted ? 'ofsted_report ("What needs to improve" section)' : 'council_copy_of_ofsted_list',
    };
  }
  if (fromOfsted) return null;
  const summarised = readSummarisedList(page);
  return summarised.length > 0 ? { items: summarised, origin: 'council_summary_of_ofsted' } : null;
}
