import type { Action } from '../schema/action';

/**
 * A plan as read from a file (CSV, XLSX or JSON) or written to one: recommendations (Ofsted areas for
 * improvement), each with its actions, in order. Ids and audit fields are the workspace's business;
 * `shared/workspace/plan-import.ts` turns this into records in one transaction.
 */
export interface PlanDocument {
  name: string;
  recommendations: PlanDocumentRecommendation[];
}

export interface PlanDocumentRecommendation {
  /** The plan's numbering as written ("3"); may be "" when the file has none. */
  reference: string;
  /** The area for improvement, verbatim. */
  text: string;
  ofstedParagraph: string | null;
  actions: PlanDocumentAction[];
}

export type PlanDocumentAction = Pick<
  Action,
  | 'reference'
  | 'title'
  | 'description'
  | 'lead'
  | 'dueDate'
  | 'deliveryRag'
  | 'impactRag'
  | 'successMeasures'
  | 'progress'
  | 'extra'
  | 'status'
>;

/** One thing wrong with an import, said so that a person can fix the file. */
export interface PlanImportError {
  /** 1-based row number as a spreadsheet program shows it (title rows above the header count); null for file-level problems. */
  row: number | null;
  /** The column's header as written in the file; null when not about one column. */
  column: string | null;
  message: string;
}

/** The fields a column can be mapped to. */
export const PLAN_FIELDS = [
  'recommendationReference',
  'ofstedParagraph',
  'areaForImprovement',
  'actionReference',
  'actionTitle',
  'actionDescription',
  'lead',
  'dueDate',
  'deliveryRag',
  'impactRag',
  'successMeasures',
  'progress',
  'status',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** Which column (0-based index into the header row) feeds each field; unmapped fields are absent. */
export type ColumnMapping = Partial<Record<PlanField, number>>;

/** A spreadsheet read as text: its header row and data rows (blank rows dropped, row numbers kept). */
export interface PlanTable {
  headers: string[];
  rows: Array<{ rowNumber: number; cells: string[] }>;
}
