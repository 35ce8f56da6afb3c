import type { BlockText } from './text';

/**
 * "Cabinet is recommended to:", "The Health and Wellbeing Board is asked to:", "The Cabinet is
 * recommended to note:". Groups: who is asked (the meeting), and the verb shared by the items.
 */
const ASKED_TO = /^(?:the\s+)?(.+?)\s+(?:is|are)\s+(?:recommended|asked|requested|invited)\s+to\s*([a-z ]*?)\s*:$/i;

/** A lead-in line naming who is asked ("Cabinet is recommended to:"); ends the items of the one before. */
export function isAskedToLine(text: string): boolean {
  return ASKED_TO.test(text);
}

/** Section titles under which reports list what the meeting is to do, with no "is asked to" line. */
const RECOMMENDATIONS_HEADING = /^(?:recommendations?|(?:the )?focus for scrutiny)\b/i;

export interface Recommendations {
  /** Who the report asks, as written in the "… is recommended to:" line ("Cabinet"). */
  askedBody: string | null;
  items: string[];
}

/** "1) Note the process…" → "Note the process…" */
export function withoutNumbering(item: string): string {
  return item.replace(/^\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+/i, '');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * What the report asks the meeting to do, verbatim. A verb in the lead-in line is kept with each
 * item ("recommended to note:" + "The outcome…" → "Note: The outcome…") so the item still says
 * whether it is for decision or for noting.
 */
export function readRecommendations(page: BlockText): Recommendations {
  const items: string[] = [];
  let askedBody: string | null = null;
  for (const [index, block] of page.blocks.entries()) {
    const match = ASKED_TO.exec(block.text);
    if (!match) continue;
    askedBody ??= match[1]!;
    const verb = match[2]!.trim();
    // Items end where the next lead-in starts ("… is recommended to note:").
    const own = page.itemsAfter(index);
    const next = own.findIndex((item) => ASKED_TO.test(item));
    for (const item of (next < 0 ? own : own.slice(0, next)).map(withoutNumbering)) {
      items.push(verb ? `${capitalise(verb)}: ${item}` : item);
    }
  }
  if (items.length > 0) return { askedBody, items };
  for (const [index, block] of page.blocks.entries()) {
    if (!RECOMMENDATIONS_HEADING.test(block.text) || block.text.length > 60) continue;
    const listed = page.itemsAfter(index).map(withoutNumbering);
    if (listed.length > 0) return { askedBody, items: listed };
  }
  return { askedBody, items: [] };
}
