/**
 * An address from someone else's data (a clipped page's URL, a teammate's presence) that may be shown
 * as a link or opened: only http(s), normalised by the URL parser; anything else (`javascript:`,
 * `data:`, `file:`, a string that is no URL) is null, so it is shown as text at most.
 */
export function httpUrlOrNull(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
