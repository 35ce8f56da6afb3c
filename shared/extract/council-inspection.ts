/**
 * The Ofsted inspection a council paper is about, from its prose: the dates as written ("from 2 to
 * 13 October 2021", "between 23 September and 4 October 2019", "in October 2021"), when the report
 * was published, and the lead inspector where the paper prints Ofsted's own page ("Lead inspector:"
 * in an appended letter).
 */
import type { OfstedActivity } from '../schema/page-metadata';
import { DATE_PARTS } from './dates';
import type { FieldSource } from './field-sources';
import { findLabelledLines } from './labels';
import { activityTypeOf, readOfstedActivityFromProse } from './ofsted-activity';
import { type BlockText, normaliseSpace } from './text';

const { MONTH, YEAR } = DATE_PARTS;

/** Only sentences about an inspection can carry its month; a monitoring visit has its own. */
const ABOUT_INSPECTION = /\b(?:inspect\w*|ILACS)\b/i;
const ABOUT_VISIT = /\b(?:monitoring|focused) visit/i;
// "took place in October 2021", "inspected … in October 2021", "during October 2021": a month, no days.
const IN_MONTH = new RegExp(`\\b(?:in|during)\\s+${MONTH}(?:\\s+and\\s+${MONTH})?\\s+${YEAR}`);

/** "in October 2021": the month of an inspection, from a sentence that speaks of it (not of a visit). */
function findInspectionMonth(sentences: readonly string[]): { phrase: string; sentence: string } | null {
  for (const sentence of sentences) {
    if (!ABOUT_INSPECTION.test(sentence) || ABOUT_VISIT.test(sentence)) continue;
    const match = IN_MONTH.exec(sentence);
    if (match) return { phrase: normaliseSpace(match[0]), sentence };
  }
  return null;
}

// The role printed under the lead inspector's name.
const INSPECTOR_ROLE = /^(?:(?:Senior )?(?:Her|His) Majesty[’']s Inspector|HMI|(?:Social Care )?Regulatory Inspector)$/i;

/** "Lead inspector: Name" (and the role on the line under it) where a paper reproduces Ofsted's page. */
function readLeadInspector(page: BlockText): string | null {
  const labelled = findLabelledLines(page, /lead inspector/);
  if (!labelled) return null;
  const role = labelled.lines.length === 1 ? page.blocks[labelled.valueIndex + 1]?.text : undefined;
  return [...labelled.lines, ...(role && INSPECTOR_ROLE.test(role) ? [role] : [])].join(', ');
}

export interface CouncilInspection {
  activity: OfstedActivity | null;
  /** Where its dates and lead inspector were read. */
  sources: { dates?: FieldSource; leadInspector?: FieldSource; published?: FieldSource };
}

/** The inspection a council paper reports on; null when it says nothing of one. */
export function readCouncilInspection(page: BlockText): CouncilInspection {
  const fromProse = readOfstedActivityFromProse(page.sentences);
  const month = fromProse?.dates_as_written ? null : findInspectionMonth(page.sentences);
  const leadInspector = readLeadInspector(page);
  if (!fromProse && !month && !leadInspector) return { activity: null, sources: {} };
  const activity: OfstedActivity = {
    type: fromProse?.type ?? (month ? activityTypeOf(month.sentence) : 'ILACS inspection'),
    dates_as_written: fromProse?.dates_as_written ?? month?.phrase ?? null,
    start: fromProse?.start ?? null,
    end: fromProse?.end ?? null,
    report_published: fromProse?.report_published ?? null,
    lead_inspector: leadInspector,
  };
  const sources: CouncilInspection['sources'] = {};
  if (activity.dates_as_written) sources.dates = { from: 'a sentence about the inspection', confidence: activity.start ? 'high' : 'medium' };
  if (leadInspector) sources.leadInspector = { from: 'the Lead inspector line', confidence: 'high' };
  if (activity.report_published) sources.published = { from: 'a sentence saying when the report was published', confidence: 'high' };
  return { activity, sources };
}
