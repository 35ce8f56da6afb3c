/**
 * What tells a council's committee report from any other page, whatever the council's template:
 * the words its front sheet and sections always carry. A report names who it is by ("Report by",
 * "Report of"), the meeting it is for (committee and date, "Date of meeting"), what that meeting is
 * asked to do, and is laid out in the sections councils' report templates share ("Purpose of the
 * report", "Recommendations", "Financial implications", "Background papers").
 */
import { looksLikeCommittee, parseCommitteeDateLine, parseMeetingWhen } from './committee-date';
import type { BlockText } from './text';

const REPORT_BY = /^Report (?:by|of|from)\s*:?\s+\S/i;
const ASKED_TO = /\b(?:is|are)\s+(?:recommended|asked|requested|invited)\s+to\b/i;
const FRONT_SHEET_LABEL =
  /^(?:Date of (?:the )?meeting|Meeting date|Report to|Report authors?|Contact officers?|Lead officers?|Wards? affected|Key decision|Exempt (?:report|information)|Accountable (?:Director|Employee)|Cabinet Portfolio|Portfolio holder|Decision[- ]maker)\b/i;
/**
 * Section titles of councils' report templates (numbered or not). Some only councils' reports have
 * ("Financial implications", "Background papers"); others any long page may have ("Introduction",
 * "Background"), so they count only beside one of the first kind. An Ofsted report has none of them.
 */
const NUMBERING = '^(?:\\d{1,2}\\.?\\s+)?';
const COUNCIL_SECTION = new RegExp(
  `${NUMBERING}(?:Purpose of (?:the |this )?report|Recommendations? for (?:decision|noting)|Reasons? for (?:the )?recommendations?|` +
    '(?:Financial|Legal|Equalit\\w+|Risk(?: management)?|Human resources?|Environmental|Property|Procurement|Crime and disorder|' +
    'Health and wellbeing|Human rights|Sustainability|Climate change|Corporate landlord|Resource|Staffing|Safeguarding) implications|' +
    'Background papers|(?:Other|Alternative) options considered|Equality (?:duty|impact assessment)|Wards? affected)\\b',
  'i',
);
const ANY_SECTION = new RegExp(
  `${NUMBERING}(?:Purpose|Introduction|Summary|Executive summary|Recommendations?|Background(?: and context)?|Conclusions?|Next steps|Consultation|Appendices|Implications)\\b`,
  'i',
);
/** A section title is a short line; a sentence starting with the same words is not one. */
const MAX_SECTION_LENGTH = 80;

/**
 * The index of the first block that marks a council report, or null when the page has none.
 * Section titles count once two are found, one of them a council report's own (the index is the first's).
 */
export function firstCouncilMarker(page: BlockText): number | null {
  let firstSection: number | null = null;
  let sections = 0;
  let councilSections = 0;
  for (const [index, block] of page.blocks.entries()) {
    const { text } = block;
    if (text.length <= 200 && (REPORT_BY.test(text) || FRONT_SHEET_LABEL.test(text))) return index;
    if (text.length <= 300 && ASKED_TO.test(text) && /:$/.test(text)) return index;
    if (parseCommitteeDateLine(text)) return index;
    const [first, second] = block.lines;
    const next = second ?? page.blocks[index + 1]?.lines[0];
    if (first && next && looksLikeCommittee(first) && !/^Meeting:/i.test(first) && parseMeetingWhen(next)) return index;
    if (text.length > MAX_SECTION_LENGTH) continue;
    const isCouncilSection = COUNCIL_SECTION.test(text);
    if (!isCouncilSection && !ANY_SECTION.test(text)) continue;
    firstSection ??= index;
    sections += 1;
    if (isCouncilSection) councilSections += 1;
    if (sections >= 2 && councilSections >= 1) return firstSection;
  }
  return null;
}
