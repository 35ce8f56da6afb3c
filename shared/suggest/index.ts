export { createSuggester, MIN_SUGGESTION_SCORE } from './create-suggester';
export type { Passage, Suggester, Suggestion, SuggestionPlan } from './types';
export { SUGGESTION_CONFIDENCE_FLOOR } from './confidence-floor';
