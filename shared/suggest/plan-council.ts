import { authorityFromUrl, canonicalAuthority } from '../extract/gazetteer';

/** What deciding a document's council needs of its source. */
export interface CouncilClues {
  council: string | null;
  url: string;
}

/**
 * The council a document is about, by the gazetteer's name for it ("St Helens"), so "St Helens
 * Metropolitan Borough Council" and "St Helens Council" agree; null when Evident cannot tell.
 */
export function councilOf(source: CouncilClues): string | null {
  return (source.council ? canonicalAuthority(source.council) : null) ?? authorityFromUrl(source.url);
}

/**
 * The council a plan answers for: the council of the reports its recommendations were made from, else
 * the one most of its linked clips come from; null when nothing says. A plan is one council's: a
 * team holding two councils' plans (a shared service, a consultant) must not see one council's
 * actions offered for the other's papers.
 */
export function planCouncil(recommendationSources: CouncilClues[], linkedClipSources: CouncilClues[]): string | null {
  for (const source of recommendationSources) {
    const council = councilOf(source);
    if (council) return council;
  }
  const counts = new Map<string, number>();
  for (const source of linkedClipSources) {
    const council = councilOf(source);
    if (council) counts.set(council, (counts.get(council) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Whether a plan's actions may be suggested for a clip: unless either council is unknown, they must match. */
export function isSameCouncil(planCouncilName: string | null, clipCouncil: string | null): boolean {
  return planCouncilName === null || clipCouncil === null || planCouncilName === clipCouncil;
}
