import type { PageMetadata } from '../schema/page-metadata';
import { readAreasForImprovement } from './areas-for-improvement';
import { readJudgementTable } from './judgements';
import { readJudgementsInText } from './judgements-in-text';
import { readOfstedActivityFromProse } from './ofsted-activity';
import { readRecommendations } from './recommendations';
import { contentSentences } from './text';

type ProseFields = Pick<
  PageMetadata,
  | 'ofsted_activity'
  | 'judgement_table'
  | 'judgements_in_text'
  | 'areas_for_improvement'
  | 'areas_for_improvement_origin'
  | 'recommendations_to_meeting'
>;

/**
 * What council papers (reports, minutes, modern.gov pages) say about the Ofsted inspection and
 * what they ask of the meeting. `askedBody` is who "is recommended to:" (a committee fallback).
 */
export function readCouncilProse(doc: Document): ProseFields & { askedBody: string | null } {
  const sentences = contentSentences(doc);
  const areas = readAreasForImprovement(doc, false);
  const recommendations = readRecommendations(doc);
  return {
    ofsted_activity: readOfstedActivityFromProse(sentences),
    judgement_table: readJudgementTable(doc),
    judgements_in_text: readJudgementsInText(sentences),
    areas_for_improvement: areas?.items ?? [],
    areas_for_improvement_origin: areas?.origin ?? null,
    recommendations_to_meeting: recommendations.items,
    askedBody: recommendations.askedBody,
  };
}
