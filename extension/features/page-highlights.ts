import { askBackground } from '../messaging';
import type { PageHighlights } from '../content/highlights';
import { pageIdentity } from '../content/page-identity';

/**
 * Passages already clipped from this page are highlighted when it is revisited. Clips that no longer
 * anchor are kept and reported (the side panel lists them as "not found on this page").
 * If the page was opened by "open in context", the chosen clip is scrolled to and flashed.
 */
export async function refreshPageHighlights(doc: Document, highlights: PageHighlights) {
  const { sourceId } = pageIdentity(doc, location.href);
  const answer = await askBackground({ type: 'page-clips', sourceId, url: location.href });
  if (!answer.ok) return { found: 0, notFound: [] as string[] };
  const result = answer.value.clips.length ? highlights.show(answer.value.clips) : { found: 0, notFound: [] };
  if (answer.value.focusEvidenceId) highlights.flash(answer.value.focusEvidenceId);
  return result;
}
