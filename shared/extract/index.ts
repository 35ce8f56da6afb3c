/**
 * Page metadata extraction: what a page says about the document it shows (publisher, council,
 * committee and meeting, the Ofsted inspection, judgements, areas for improvement). Pure: it reads
 * only the `Document` passed in, so the content script and Node tests (jsdom) share it.
 * The URL is used for hostname and path hints only (*.ofsted.gov.uk, modern.gov page names).
 */
import type { PageMetadata } from '../schema/page-metadata';
import { extractCouncilReport, isCouncilReport } from './council-report';
import { extractGeneric } from './generic';
import { extractModernGovPage, modernGovPageOf } from './moderngov';
import { extractOfstedProvider, isOfstedProviderPage } from './ofsted-provider';
import { extractOfstedReport, isOfstedReport } from './ofsted-report';
import { type PageText, readPageText } from './text';
import { extractionOf, type Extraction } from './field-sources';

interface Extractor {
  name: string;
  /** The page's metadata, or null when this extractor does not recognise the page. */
  extract: (page: PageText, url: string) => PageMetadata | null;
}

/** Tried in order; the first that recognises the page answers. The generic one always does. */
const EXTRACTORS: readonly Extractor[] = [
  {
    name: 'ofsted-provider',
    extract: (page, url) => (isOfstedProviderPage(page, url) ? extractOfstedProvider(page, url) : null),
  },
  {
    name: 'moderngov',
    extract: (page, url) => {
      const kind = modernGovPageOf(page, url);
      return kind ? extractModernGovPage(page, url, kind) : null;
    },
  },
  { name: 'ofsted-report', extract: (page, url) => (isOfstedReport(page, url) ? extractOfstedReport(page, url) : null) },
  { name: 'council-report', extract: (page, url) => (isCouncilReport(page) ? extractCouncilReport(page, url) : null) },
  { name: 'generic', extract: (page, url) => extractGeneric(page.doc, url) },
];

/** What a page says about its document, with where each field came from and how sure Evident is. */
export function extractPageWithSources(doc: Document, url: string): Extraction {
  const page = readPageText(doc);
  for (const extractor of EXTRACTORS) {
    const metadata = extractor.extract(page, url);
    // Until an extractor names its fields' sources, each says which extractor read it.
    if (metadata) return extractionOf(metadata, `${extractor.name} page`, extractor.name === 'generic' ? 'low' : 'medium');
  }
  throw new Error(`extractPageMetadata: no extractor answered for ${url}`); // the generic one always does
}

export function extractPageMetadata(doc: Document, url: string): PageMetadata {
  return extractPageWithSources(doc, url).metadata;
}

export { parseDateAndTime, parseDateRange, parseTime, parseUkDate } from './dates';
export { areaKeyOf, gradeKeyOf } from './judgements';
export type { Confidence, Extraction, FieldSource, FieldSources, MetadataField } from './field-sources';
