/**
 * The PDF address from `viewer.html?file=<url>`. A declarativeNetRequest redirect substitutes the
 * URL unencoded (Chromium: "%20" becomes a space, and its own `?`/`&` stay as they are), so
 * everything after `file=` is the address; an encoded one (from our own links) is decoded once.
 */
export function pdfUrlFromLocation(search: string): string | null {
  const at = search.indexOf('file=');
  if (at < 0) return null;
  let raw = search.slice(at + 'file='.length);
  if (/^[a-z]+%3A/i.test(raw)) {
    try {
      raw = decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  try {
    const url = new URL(raw.replace(/ /g, '%20'));
    return ['http:', 'https:', 'file:'].includes(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

export const viewerUrlFor = (base: string, pdfUrl: string) => `${base}?file=${encodeURIComponent(pdfUrl)}`;
