import { sourceIdFor } from '../../shared/workspace/sources';

/**
 * The page's own address for identity: its canonical link when it points within the same site (a page
 * cannot claim to be another site's document), else the address in the bar.
 */
export function canonicalUrlOf(doc: Document, pageUrl: string): string | null {
  const href = doc.querySelector<HTMLLinkElement>('link[rel~="canonical" i]')?.getAttribute('href');
  if (!href) return null;
  try {
    const canonical = new URL(href, pageUrl);
    const page = new URL(pageUrl);
    // Same host, scheme aside: fixtures and some councils serve http pages with https canonicals.
    return canonical.hostname === page.hostname ? canonical.toString() : null;
  } catch {
    return null;
  }
}

export function pageIdentity(doc: Document, pageUrl: string) {
  const canonicalUrl = canonicalUrlOf(doc, pageUrl);
  return { url: pageUrl, canonicalUrl, sourceId: sourceIdFor({ url: pageUrl, canonicalUrl }) };
}
