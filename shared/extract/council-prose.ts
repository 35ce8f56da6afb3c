import type { JudgementRow, PageMetadata } from '../schema/page-metadata';
import { readAreasForImprovement } from './areas-for-improvement';
import { readJudgementTable } from './judgements';
import { readJudgementsInText } from './judgements-in-text';
import { readOfstedActivityFromProse } from './ofsted-activity';
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
}

/**
 * What council papers (reports, minutes, modern.gov pages) say about the Ofsted inspection and
 * what they ask of the meeting.
 */
export function readCouncilProse(page: PageText): CouncilProse {
  return readCouncilProseOf(page, readJudgementTable(page.doc));
}

/**
 * The same from any block text (a PDF's lines too); the judgement table is read by the caller,
 * as tables are read from the page's markup or from a PDF's lines.
 */
export function readCouncilProseOf(page: BlockText, judgementTable: JudgementRow[] | null): CouncilProse {
  const areas = readAreasForImprovement(page, false);
  const recommendations = readRecommendations(page);
  return {
    fields: {
      ofsted_activity: readOfstedActivityFromProse(page.sentences),
      judgement_table: judgementTable,
      judgements_in_text: readJudgementsInText(page.sentences),
      areas_for_improvement: areas?.items ?? [],
      areas_for_improvement_origin: areas?.origin ?? null,
      recommendations_to_meeting: recommendations.items,
    },
    askedBody: recommendations.askedBody,
  };
}
