/** Why an action was suggested, in a few words: the Ofsted paragraph both cite, or the words both use. */
export function suggestionReason(s: { reasons: string[]; ofstedParagraph: string | null }): string {
  if (s.ofstedParagraph) return `Same Ofsted paragraph (${s.ofstedParagraph})`;
  return s.reasons.length ? `Shares ${s.reasons.map((r) => `“${r}”`).join(', ')}` : '';
}
