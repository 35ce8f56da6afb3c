import { contentBlocks, itemsAfter, textOf } from './text';

/**
 * "Cabinet is recommended to:", "The Health and Wellbeing Board is asked to:", "The Cabinet is
 * recommended to note:". Groups: who is asked (the meeting), and the verb shared by the items.
 */
const ASKED_TO = /^(?:the\s+)?(.+?)\s+(?:is|are)\s+(?:recommended|asked|requested|invited)\s+to\s*([a-z ]*?)\s*:$/i;

/** Section titles under which reports list what the meeting is to do, with no "is asked to" line. */
const RECOMMENDATIONS_HEADING = /^(?:recommendations?|(?:the )?focus for scrutiny)\b/i;

export interface Recommendations {
  /** Who the report asks, as written in the "… is recommended to:" line ("Cabinet"). */
  askedBody: string | null;
  items: string[];
}

/** "1) Note the process…" → "Note the process…" */
function withoutNumbering(item: string): string {
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
export function readRecommendations(doc: Document): Recommendations {
  const blocks = contentBlocks(doc);
  const items: string[] = [];
  let askedBody: string | null = null;
  for (const block of blocks) {
    const match = ASKED_TO.exec(textOf(block));
    if (!match) continue;
    askedBody ??= match[1]!;
    const verb = match[2]!.trim();
    for (const item of itemsAfter(block).map(withoutNumbering)) {
      items.push(verb ? `${capitalise(verb)}: ${item}` : item);
    }
  }
  if (items.length > 0) return { askedBody, items };
  for (const block of blocks) {
    const title = textOf(block);
    if (!RECOMMENDATIONS_HEADING.test(title) || title.length > 60) continue;
    const listed = itemsAfter(block).map(withoutNumbering);
    if (listed.length > 0) return { askedBody, items: listed };
  }
  return { askedBody, items: [] };
}
