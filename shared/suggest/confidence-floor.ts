/**
 * The score a suggestion needs before Evident shows it: below it, a wrong suggestion is likelier than
 * a useful one, and an officer who is offered nonsense stops trusting the list.
 *
 * Calibrated on the labelled St Helens set (tests/fixtures/suggestions), tuning half only, by
 * `tests/unit/suggest-floor.test.ts`: the highest whole-number floor that costs at most one passage
 * of top-3 accuracy, with and without the source's areas for improvement. That test prints what it
 * costs on the held-out half and how many suggestions it removes, including on the report's
 * paragraphs that evidence no area at all, and fails if this number drifts from its rule.
 */
export const SUGGESTION_CONFIDENCE_FLOOR = 14;

/** The most top-3 passages the floor may cost on the tuning half, per condition. */
export const FLOOR_MAY_COST_PASSAGES = 1;
