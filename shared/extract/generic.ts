import { emptyPageMetadata, type PageMetadata } from '../schema/page-metadata';
import { councilOfAddress } from './council-authority';
import { parseUkDate } from './dates';
import { publisherKindOf, readPublisher } from './publisher';
import { documentTitle, metaContent, normaliseSpace } from './text';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects of the page's JSON-LD blocks, flattening arrays and `@graph`. Malformed blocks are skipped. */
function jsonLdObjects(doc: Document): JsonObject[] {
  const objects: JsonObject[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      objects.push(value);
      if (Array.isArray(value['@graph'])) value['@graph'].forEach(visit);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // Sites ship broken JSON-LD; it is one signal among several, so skip it.
    }
  }
  return objects;
}

function jsonLdString(objects: JsonObject[], key: string): string | null {
  for (const object of objects) {
    const value = object[key];
    if (typeof value === 'string' && value.trim()) return normaliseSpace(value);
    if (isObject(value) && typeof value['name'] === 'string') return normaliseSpace(value['name']);
  }
  return null;
}

/** Meta and `<time>` dates come as ISO ("2019-11-04T09:00Z"), "2019/11/04" or UK forms. */
function firstDate(candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const iso = candidate ? parseUkDate(candidate) : null;
    if (iso) return iso;
  }
  return null;
}

function timeElementDate(doc: Document): string | null {
  const times = Array.from(doc.querySelectorAll('time[datetime]')).map((t) => t.getAttribute('datetime'));
  return firstDate(times);
}

/**
 * Any other page: what it declares about itself for citation managers (Highwire `citation_*`),
 * social sites (Open Graph), search engines (JSON-LD) and readers (`<time>`, `<title>`).
 */
export function extractGeneric(doc: Document, url: string): PageMetadata {
  const jsonLd = jsonLdObjects(doc);
  const declaredPublisher =
    metaContent(doc, 'citation_publisher') ?? metaContent(doc, 'og:site_name') ?? jsonLdString(jsonLd, 'publisher');
  const declared = declaredPublisher
    ? { publisher: declaredPublisher, publisher_kind: publisherKindOf(declaredPublisher) }
    : readPublisher(doc, url);
  // A council's own site publishes what it says: its address names the council (gazetteer).
  const council = declared.publisher ? null : councilOfAddress(url, '');
  const publisher = council ? { publisher: council.name, publisher_kind: 'local_authority' as const } : declared;
  return {
    ...emptyPageMetadata(),
    ...publisher,
    title:
      metaContent(doc, 'citation_title') ??
      metaContent(doc, 'og:title') ??
      jsonLdString(jsonLd, 'headline') ??
      documentTitle(doc),
    publication_date: firstDate([
      metaContent(doc, 'citation_publication_date'),
      metaContent(doc, 'citation_date'),
      jsonLdString(jsonLd, 'datePublished'),
      metaContent(doc, 'article:published_time'),
      metaContent(doc, 'DC.date'),
    ]) ?? timeElementDate(doc),
  };
}
