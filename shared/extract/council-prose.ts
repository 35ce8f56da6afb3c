import type { JudgementRow, PageMetadata } from '../schema/page-metadata';
import { readAreasForImprovement } from './areas-for-improvement';
import { readCouncilInspection } from './council-inspection';
import type { FieldSource, FieldSources } from './field-sources';
import { readJudgementTableOfPage } from './judgement-tables';
import { readJudgementsInText } from './judgements-in-text';
import { readRecommendations } from './recommendations';
import type { BlockText, PageText } from './text';

type ProseFields = Pick<
  PageMetadata,
  | 'ofsted_activity'
  | 'judgement_table'
  | 'judgements_in_text'
  | 'areas_for_improvement'
  | 'areas_for_improvement_origin'
  | 'recommendations_to_meeting'
>;

export interface CouncilProse {
  fields: ProseFields;
  /** Who the report says "is recommended to:" — names the meeting when nothing else does. */
  askedBody: string | null;
  /** Where each field was read. */
  sources: FieldSources;
}

/** A judgement table the caller read, and from what. */
export interface ReadTable {
  rows: JudgementRow[];
  source: FieldSource;
}

/**
 * What council papers (reports, minutes, modern.gov pages) say about the Ofsted inspection and
 * what they ask of the meeting. The judgement table is read from the page's tables in any form, or
 * from its lines (a table pasted from Word as text).
 */
export function readCouncilProse(page: PageText): CouncilProse {
  const table = readJudgementTableOfPage(page.doc, page.blocks.flatMap((b) => b.lines));
  const source: FieldSource | null = table
    ? { from: table.form === 'html-table' ? 'a judgement table on the page' : 'judgement rows in the text (a table pasted as text)', confidence: 'high' }
    : null;
  return readCouncilProseOf(page, table && source ? { rows: table.rows, source } : null);
}

/**
 * The same from any block text (a PDF's lines too); the judgement table is read by the caller,
 * as tables are read from the page's markup or from a PDF's lines.
 */
export function readCouncilProseOf(page: BlockText, table: ReadTable | null): CouncilProse {
  const areas = readAreasForImprovement(page, false);
  const recommendations = readRecommendations(page);
  const inspection = readCouncilInspection(page);
  const judgementsInText = readJudgementsInText(page.sentences);
  const sources: FieldSources = {};
  const activitySource = inspection.sources.dates ?? inspection.sources.leadInspector ?? inspection.sources.published;
  if (activitySource) sources.ofsted_activity = activitySource;
  if (table) sources.judgement_table = table.source;
  if (judgementsInText) sources.judgements_in_text = { from: 'grades stated in sentences', confidence: 'medium' };
  if (areas) {
    sources.areas_for_improvement = { from: areas.from, confidence: areas.origin === 'council_summary_of_ofsted' ? 'medium' : 'high' };
    sources.areas_for_improvement_origin = sources.areas_for_improvement;
  }
  if (recommendations.items.length > 0) {
    sources.recommendations_to_meeting = {
      from: recommendations.askedBody ? 'the list after "… is recommended to:"' : 'the list under the Recommendations heading',
      confidence: 'high',
    };
  }
  return {
    fields: {
      ofsted_activity: inspection.activity,
      judgement_table: table?.rows ?? null,
      judgements_in_text: judgementsInText,
      areas_for_improvement: areas?.items ?? [],
      areas_for_improvement_origin: areas?.origin ?? null,
      recommendations_to_meeting: recommendations.items,
    },
    askedBody: recommendations.askedBody,
    sources,
  };
}
