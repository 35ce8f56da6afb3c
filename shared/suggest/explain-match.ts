/** How many words a suggestion shows as its reason: enough to check it at a glance in the toolbar. */
const MAX_REASONS = 3;

/**
 * The passage's words that earned a suggestion most of its score, as the passage writes them, so a
 * reader can see why an action was suggested (issue: "keep it explainable"). A word already shown
 * inside a matched phrase ("pathway plans") is not repeated on its own ("plans").
 */
export function explainMatch(
  query: ReadonlyMap<string, number>,
  surfaces: ReadonlyMap<string, string>,
  scoreOfTerm: (term: string) => number,
): string[] {
  const contributions: Array<{ surface: string; score: number }> = [];
  for (const [term, weight] of query) {
    const score = weight * scoreOfTerm(term);
    if (score > 0) contributions.push({ surface: surfaces.get(term) ?? term, score });
  }
  contributions.sort((a, b) => b.score - a.score || a.surface.localeCompare(b.surface));
  const reasons: string[] = [];
  for (const { surface } of contributions) {
    if (reasons.length === MAX_REASONS) break;
    if (reasons.some((r) => containsWords(r, surface))) continue;
    // A phrase replaces what it already says: "new social workers" replaces "social workers".
    for (let i = reasons.length - 1; i >= 0; i--) if (containsWords(surface, reasons[i]!)) reasons.splice(i, 1);
    reasons.push(surface);
  }
  return reasons;
}

/** Whether every word of `part` is a word of `whole`. */
function containsWords(whole: string, part: string): boolean {
  const words = new Set(whole.split(' '));
  return part.split(' ').every((w) => words.has(w));
}
