import { ASSESSMENTS } from '../schema/evidence';

/** What a link says its clip shows about the action (schema: EvidenceLink.assessment). */
export type Assessment = (typeof ASSESSMENTS)[number];
/** An assessment, or 'unassessed' for a link without one. */
export type AssessmentKey = Assessment | 'unassessed';
export const ASSESSMENT_KEYS: readonly AssessmentKey[] = [...ASSESSMENTS, 'unassessed'];

/** How many say what: one count per assessment, and `unassessed` for links without one. */
export type AssessmentCounts = Record<AssessmentKey, number>;

/**
 * 'none': no evidence at all. 'stale': evidence, but all of it dated before the stale cutoff
 * (see computeCoverage). null: some evidence is recent enough.
 */
export type CoverageFlag = 'none' | 'stale' | null;

export interface MonthCount {
  month: string; // 'YYYY-MM'
  count: number;
}

export interface ActionCoverage {
  id: string;
  reference: string;
  title: string;
  /** One per qualifying link (a clip links to an action at most once). */
  counts: AssessmentCounts;
  evidenceCount: number;
  /** The newest evidence date (ISO day), or null without evidence. */
  latest: string | null;
  flag: CoverageFlag;
  /** The qualifying clips, in input order: what the evidence list shows for this cell. */
  evidenceIds: string[];
}

export interface RecommendationCoverage {
  id: string;
  reference: string;
  text: string;
  /** Distinct clips per assessment: a clip saying "delivery" for two of its actions counts once. */
  counts: AssessmentCounts;
  /** Distinct clips linked to any of its actions. */
  evidenceCount: number;
  latest: string | null;
  actions: ActionCoverage[];
  /** Distinct clips per month of their evidence date, zero-filled over the plan's whole span. */
  timeline: MonthCount[];
}

export interface CoverageTotals {
  /** Distinct clips per assessment over the whole plan. */
  counts: AssessmentCounts;
  /** Distinct clips linked to any counted action. */
  evidenceCount: number;
  latest: string | null;
  recommendationCount: number;
  actionCount: number;
  actionsWithoutEvidence: number;
  actionsWithOnlyStaleEvidence: number;
  /** Evidence dated before this ISO day is stale. */
  staleBefore: string;
}

export interface Coverage {
  recommendations: RecommendationCoverage[];
  totals: CoverageTotals;
}

export function emptyCounts(): AssessmentCounts {
  return { delivery: 0, impact: 0, concern: 0, context: 0, unassessed: 0 };
}
