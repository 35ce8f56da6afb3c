import type { Action } from '../schema/action';
import type { Activity } from '../schema/activity';
import type { Evidence } from '../schema/evidence';
import type { Plan } from '../schema/plan';
import type { Recommendation } from '../schema/recommendation';
import type { Source } from '../schema/source';
import type { Tag } from '../schema/tag';

/**
 * The projection: what the doc says, as flat rows a local database can index and a UI can list.
 * `project(doc)` computes it; the extension's Dexie store holds exactly these rows (a test proves it).
 * Booleans are 0/1 because IndexedDB cannot index booleans.
 */
export interface SourceRow extends Source {
  title: string;
  council: string | null;
  documentType: string;
  /** The document's own date: meeting date, else publication date, else the inspection's last day. */
  documentDate: string | null;
}

export interface EvidenceRow extends Evidence {
  quote: string;
  /** sourceId + hash of the normalised quote: finds a second clip of the same passage. */
  quoteKey: string;
  paragraph: string | null;
  page: number | null;
  actionIds: string[];
  deleted: 0 | 1;
  sourceUrl: string | null;
  sourceTitle: string | null;
  council: string | null;
  publisher: string | null;
  documentType: string | null;
  documentDate: string | null;
  /** Citation fields of its source Evident is not sure of (and nobody has corrected): shown as such. */
  uncertainFields: string[];
}

export interface TagRow extends Tag {
  deleted: 0 | 1;
}
export type PlanRow = Plan;
export interface RecommendationRow extends Recommendation {
  archived: 0 | 1;
}
export interface ActionRow extends Action {
  archived: 0 | 1;
}
export type ActivityRow = Activity;

export interface Projection {
  sources: SourceRow[];
  evidence: EvidenceRow[];
  tags: TagRow[];
  plans: PlanRow[];
  recommendations: RecommendationRow[];
  actions: ActionRow[];
  activity: ActivityRow[];
  /** Records that failed validation: left out of the projection and reported, never trusted. */
  problems: string[];
}

export type ProjectedTable = Exclude<keyof Projection, 'problems'>;
