import type { Action } from '../schema/action';
import type { Recommendation } from '../schema/recommendation';

/** What a suggester needs of a plan: its recommendations and actions, in plan order. */
export interface SuggestionPlan {
  recommendations: Array<Pick<Recommendation, 'id' | 'text' | 'reference' | 'archivedAt'>>;
  actions: Array<
    Pick<Action, 'id' | 'recommendationId' | 'reference' | 'title' | 'description' | 'successMeasures' | 'archivedAt'>
  >;
}

/** A clipped passage: its quote, the text around it, and what its source page says it is about. */
export interface Passage {
  quote: string;
  /** contextBefore and contextAfter of the clip, joined. Counts for less than the quote. */
  context?: string;
  /** The source's `areas_for_improvement` (page metadata), when the page lists them. */
  sourceAreasForImprovement?: string[];
}

export interface Suggestion {
  actionId: string;
  recommendationId: string;
  score: number;
  /** The passage's words that matched most, as the passage writes them ("IROs", "pathway plans"). */
  reasons: string[];
}

export interface Suggester {
  /** The actions `passage` most likely evidences, best first; [] when nothing in the plan matches. */
  suggest(passage: Passage, limit?: number): Suggestion[];
}
