import type { PageMetadata } from '../schema/page-metadata';
import type { FieldSource } from './field-sources';
import { linesOf, metaContent, normaliseSpace } from './text';

type PublisherKind = NonNullable<PageMetadata['publisher_kind']>;

export interface Publisher {
  publisher: string | null;
  publisher_kind: PublisherKind | null;
}

const LOCAL_AUTHORITY_NAME = /\b(?:Council|Borough|County|Metropolitan|Authority)\b/;
const ORGANISATION_NAME = /\b(?:Council|Borough|Ofsted)\b/;

export function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return ''; // not a URL (e.g. a file opened by path): no hostname hints
  }
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

export function isOfstedHost(url: string): boolean {
  const host = hostnameOf(url);
  return host === 'ofsted.gov.uk' || host.endsWith('.ofsted.gov.uk');
}

export function publisherKindOf(name: string): PublisherKind {
  if (/\bOfsted\b/i.test(name)) return 'inspectorate';
  return LOCAL_AUTHORITY_NAME.test(name) ? 'local_authority' : 'other';
}

export function isLocalAuthorityName(name: string): boolean {
  return LOCAL_AUTHORITY_NAME.test(name);
}

/** "St Helens Council logo" → "St Helens Council" (banner logos carry the name in alt text). */
function withoutLogoWords(text: string): string {
  return normaliseSpace(text.replace(/\s*[-–|]?\s*\b(?:logo|home ?page)\b.*$/i, ''));
}

/** The organisation named in the site banner: its logo's alt text or its first line naming one. */
function bannerOrganisation(doc: Document): string | null {
  for (const banner of Array.from(doc.querySelectorAll('[role="banner"], body > header'))) {
    const alts = Array.from(banner.querySelectorAll('img[alt]')).map((img) => img.getAttribute('alt') ?? '');
    const candidates = [...alts, ...linesOf(banner)]
      .map(withoutLogoWords)
      .filter((line) => line.length <= 80 && !/[>›»]/.test(line) && !/^You are here\b/i.test(line));
    const name = candidates.find((line) => ORGANISATION_NAME.test(line));
    if (name) return name;
  }
  return null;
}

/**
 * Who published the page: Ofsted for *.ofsted.gov.uk, else the site's declared name
 * (og:site_name) or the organisation named in its banner. Null when the page does not say.
 */
export function readPublisher(doc: Document, url: string): Publisher {
  const { publisher, publisher_kind } = readPublisherWithSource(doc, url);
  return { publisher, publisher_kind };
}

/** The same, with where it was read (null when the page does not say). */
export function readPublisherWithSource(doc: Document, url: string): Publisher & { source: FieldSource | null } {
  if (isOfstedHost(url)) return { publisher: 'Ofsted', publisher_kind: 'inspectorate', source: { from: 'the URL’s host', confidence: 'high' } };
  const siteName = metaContent(doc, 'og:site_name');
  const name = siteName ?? bannerOrganisation(doc);
  if (!name) return { publisher: null, publisher_kind: null, source: null };
  const from = siteName ? 'the page’s site name (og:site_name)' : 'the site banner';
  return { publisher: name, publisher_kind: publisherKindOf(name), source: { from, confidence: 'high' } };
}
