import { z } from 'zod';

/**
 * What Evident reads off a page or PDF about the document itself. The keys are those of the
 * fixture sidecars (`tests/fixtures/*.expected.json`, documented in their README) so that
 * extraction can be checked field by field and exports speak the same vocabulary.
 * Every key is always present; `null` or `[]` when the document does not say (never a guess).
 */

export const AREA_KEYS = [
  'impact_of_leaders',
  'help_and_protection',
  'children_in_care',
  'care_leavers',
  'children_in_care_and_care_leavers',
  'overall_effectiveness',
] as const;
export const GRADE_KEYS = ['outstanding', 'good', 'requires_improvement_to_be_good', 'inadequate'] as const;
export const DOCUMENT_TYPES = [
  'committee_report',
  'minutes',
  'ofsted_ilacs_inspection_report',
  'ofsted_monitoring_visit_letter',
  'ofsted_focused_visit_letter',
  'ofsted_provider_page',
  'web_page',
] as const;

export const AreaKey = z.enum(AREA_KEYS);
export const GradeKey = z.enum(GRADE_KEYS);
export const DocumentType = z.enum(DOCUMENT_TYPES);

export const JudgementRow = z.object({
  area: z.string(),
  area_key: AreaKey.nullable(),
  grade: z.string(),
  grade_key: GradeKey.nullable(),
});

export const OfstedActivity = z.object({
  type: z.string().nullable(),
  dates_as_written: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  report_published: z.string().nullable(),
  lead_inspector: z.string().nullable(),
});

export const Publication = z.object({
  type: z.string(),
  date: z.string().nullable(),
  url: z.string().nullable(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');

export const PageMetadata = z.object({
  publisher: z.string().nullable(),
  publisher_kind: z.enum(['local_authority', 'inspectorate', 'other']).nullable(),
  platform: z.string().nullable(),
  page_type: z.string().nullable(),
  document_type: DocumentType,
  title: z.string().nullable(),
  subject_local_authority: z.string().nullable(),
  committee: z.string().nullable(),
  meeting_date: isoDate.nullable(),
  meeting_time: z.string().nullable(),
  agenda_item: z.string().nullable(),
  publication_date: isoDate.nullable(),
  report_authors: z.array(z.string()),
  ofsted_activity: OfstedActivity.nullable(),
  judgement_table: z.array(JudgementRow).nullable(),
  judgements_in_text: z.array(JudgementRow.partial({ area: true }).extend({ note: z.string().optional() })).nullable(),
  areas_for_improvement: z.array(z.string()),
  areas_for_improvement_origin: z.string().nullable(),
  recommendations_to_meeting: z.array(z.string()),
  decisions_or_resolutions: z.array(z.string()),
  improvement_plan_names: z.array(z.string()),
  governance_bodies: z.array(z.string()),
  paragraph_numbering: z.string().nullable(),
  publications: z.array(Publication),
});
export type PageMetadata = z.infer<typeof PageMetadata>;
export type JudgementRow = z.infer<typeof JudgementRow>;
export type OfstedActivity = z.infer<typeof OfstedActivity>;

/** A metadata record that says nothing: the starting point of every extractor. */
export function emptyPageMetadata(): PageMetadata {
  return {
    publisher: null,
    publisher_kind: null,
    platform: null,
    page_type: null,
    document_type: 'web_page',
    title: null,
    subject_local_authority: null,
    committee: null,
    meeting_date: null,
    meeting_time: null,
    agenda_item: null,
    publication_date: null,
    report_authors: [],
    ofsted_activity: null,
    judgement_table: null,
    judgements_in_text: null,
    areas_for_improvement: [],
    areas_for_improvement_origin: null,
    recommendations_to_meeting: [],
    decisions_or_resolutions: [],
    improvement_plan_names: [],
    governance_bodies: [],
    paragraph_numbering: null,
    publications: [],
  };
}
