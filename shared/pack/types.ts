import type { AssessmentCounts, AssessmentKey, CoverageFlag, MonthCount } from '../coverage/types';
import type { ActionStatus, Rag } from '../schema/action';
import type { Assessment, EvidenceStatus } from '../schema/evidence';

/**
 * What goes in a pack. Every field narrows; `EVERYTHING` narrows nothing. Deleted clips never go in.
 */
export interface PackSelection {
  /** The plan the pack reports on; null: the workspace's active plan (the newest, if several). */
  planId: string | null;
  /** Only these clips (the dashboard's current filtered view); null: every clip. */
  evidenceIds: string[] | null;
  /** Only these recommendations of the plan; null: all of them. */
  recommendationIds: string[] | null;
  /** Evidence dated on or after / on or before these ISO days (a clip's date: its document's, else the day it was clipped). */
  dateFrom: string | null;
  dateTo: string | null;
  /** Only clips whose status is "approved". */
  approvedOnly: boolean;
  /** Only clips carrying at least one of these tags; null: any. */
  tagIds: string[] | null;
  /** Only links saying one of these; null: any (a clip stays if one of its links does). */
  assessments: AssessmentKey[] | null;
}

export const EVERYTHING: PackSelection = {
  planId: null,
  evidenceIds: null,
  recommendationIds: null,
  dateFrom: null,
  dateTo: null,
  approvedOnly: false,
  tagIds: null,
  assessments: null,
};

export interface PackOptions {
  /** When the pack is made (ISO date-time): its date, and the "today" staleness is judged from. */
  generatedAt: string;
  /** Who made it (a display name), or null. */
  generatedBy: string | null;
  /** Evidence older than this many calendar months is stale (coverage's rule). */
  staleAfterMonths: number;
}

/**
 * An evidence pack's content, worked out once from a workspace and a selection (buildPackModel) and
 * rendered by each format (HTML, Word, CSV, REFI-QDA). Plain JSON: the HTML pack embeds it as data.
 * Every string in it is text from users or pages: renderers must never treat it as markup.
 */
export interface PackModel {
  format: 'evident-pack';
  version: 1;
  workspaceId: string;
  /** "Evidence pack: <plan name>". */
  title: string;
  generatedAt: string;
  generatedBy: string | null;
  /** The selection in plain words, one line per narrowing ("Approved evidence only"); ["Everything"] when none. */
  selectionSummary: string[];
  staleAfterMonths: number;
  /** Evidence dated before this ISO day is stale. */
  staleBefore: string;
  plan: { id: string; name: string } | null;
  totals: PackTotals;
  recommendations: PackRecommendation[];
  /** Clips in the pack that no shown action links to (only when the selection does not narrow by plan). */
  unlinkedClipIds: string[];
  /** Every clip in the pack, newest evidence date first. */
  clips: PackClip[];
  /** The sources of those clips, by title. */
  sources: PackSource[];
  /** The workspace's live tags used by clips in the pack, by name. */
  tags: PackTag[];
}

export interface PackTotals {
  /** Distinct clips in the pack (linked or not). */
  clips: number;
  /** Clip–action links shown. */
  links: number;
  sources: number;
  recommendations: number;
  actions: number;
  actionsWithoutEvidence: number;
  actionsWithOnlyStaleEvidence: number;
  /** Distinct linked clips per assessment over the plan. */
  counts: AssessmentCounts;
  /** Distinct linked clips per month of their date, over the plan. */
  timeline: MonthCount[];
}

export interface PackRecommendation {
  id: string;
  reference: string;
  text: string;
  ofstedParagraph: string | null;
  counts: AssessmentCounts;
  /** Distinct clips linked to any of its actions. */
  evidenceCount: number;
  latest: string | null;
  timeline: MonthCount[];
  actions: PackAction[];
}

export interface PackAction {
  id: string;
  reference: string;
  title: string;
  description: string;
  lead: string;
  /** The last day it is due by (ISO), for sorting; null when the plan gave no date. */
  dueDate: string | null;
  /**
   * "By when" in the plan's own words when it gave words or only a month ("Ongoing", "June 2020"),
   * else null: shown as written (plan-io/due-text.ts dueTextOf), never as a day the plan did not give.
   */
  dueWords: string | null;
  deliveryRag: Rag | null;
  impactRag: Rag | null;
  status: ActionStatus;
  progress: string;
  successMeasures: string;
  counts: AssessmentCounts;
  /** Distinct clips linked to it in the pack. */
  evidenceCount: number;
  latest: string | null;
  /** 'none': no evidence; 'stale': only evidence dated before `staleBefore`. */
  flag: CoverageFlag;
  /** Its clips, impact first (then delivery, concern, context, unassessed), newest first within each. */
  links: PackLink[];
}

export interface PackLink {
  clipId: string;
  assessment: Assessment | null;
  linkedAt: string;
  linkedBy: string;
}

export interface PackClip {
  id: string;
  sourceId: string;
  quote: string;
  paragraph: string | null;
  page: number | null;
  contextBefore: string;
  contextAfter: string;
  note: string;
  status: EvidenceStatus;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  createdAt: string;
  createdBy: string;
  /** The date the evidence is about: its document's date, else the day it was clipped (ISO day). */
  evidenceDate: string;
  tagIds: string[];
  /** The shown actions it is linked to. */
  actionIds: string[];
  /** Where the quote sits in its source's snapshot text, checked; null when there is none or it is not there. */
  snapshotSpan: { start: number; end: number } | null;
  /** "St Helens Council · Ofsted inspection report · 26 February 2020 · para 2.2". */
  citation: string;
}

export interface PackSource {
  id: string;
  kind: 'web' | 'pdf';
  title: string;
  publisher: string | null;
  council: string | null;
  documentType: string;
  /** The label people use ("Committee report"). */
  documentTypeLabel: string;
  /** Meeting date, else publication date (ISO day), or null. */
  documentDate: string | null;
  committee: string | null;
  /** The address it was clipped from, only when it is http(s); null otherwise (never a script URL). */
  url: string | null;
  pageCount: number | null;
  ofstedActivity: { type: string | null; datesAsWritten: string | null; leadInspector: string | null } | null;
  capturedAt: string;
  capturedBy: string;
  /** SHA-256 of the PDF's bytes or of the web page's snapshot text (hex), or null when none was kept. */
  sha256: string | null;
  /** For a web page: whether the snapshot text still hashes to `sha256` (null for PDFs and without a snapshot). */
  snapshotIntact: boolean | null;
  /** Citation details Evident is not sure of (and nobody corrected), as words ("committee", "meeting date"). */
  uncertainFields: string[];
  /** Citation details a teammate corrected: which, by whom, when. */
  corrections: Array<{ field: string; by: string; at: string }>;
  snapshot: { text: string; pageStarts: number[] | null; takenAt: string; takenBy: string } | null;
}

export interface PackTag {
  id: string;
  name: string;
  colour: string;
}

/** The formats a selection exports as (the export dialog's `export-format` values). */
export const PACK_FORMATS = ['html', 'docx', 'csv', 'qdc', 'qdpx'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
