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
  /** What the page says and where each field came from, or null when this extractor does not recognise the page. */
  extract: (page: PageText, url: string) => Extraction | null;
}

/** An extractor that does not name its fields' sources: each field says which extractor read it. */
const bySourceOf = (name: string, metadata: PageMetadata | null): Extraction | null =>
  metadata && extractionOf(metadata, `${name} page`, name === 'generic' ? 'low' : 'medium');

/**
 * Tried in order; the first that recognises the page answers. The generic one always does. A
 * council report comes before Ofsted's because councils append Ofsted's letter to their own report;
 * it recognises itself only when its own front sheet comes first (council-report.ts).
 */
const EXTRACTORS: readonly Extractor[] = [
  {
    name: 'ofsted-provider',
    extract: (page, url) => bySourceOf('ofsted-provider', isOfstedProviderPage(page, url) ? extractOfstedProvider(page, url) : null),
  },
  {
    name: 'moderngov',
    extract: (page, url) => {
      const kind = modernGovPageOf(page, url);
      return kind ? extractModernGovPage(page, url, kind) : null;
    },
  },
  { name: 'council-report', extract: (page, url) => (isCouncilReport(page) ? extractCouncilReport(page, url) : null) },
  {
    name: 'ofsted-report',
    extract: (page, url) => bySourceOf('ofsted-report', isOfstedReport(page, url) ? extractOfstedReport(page, url) : null),
  },
  { name: 'generic', extract: (page, url) => bySourceOf('generic', extractGeneric(page.doc, url)) },
];

/** What a page says about its document, with where each field came from and how sure Evident is. */
export function extractPageWithSources(doc: Document, url: string): Extraction {
  const page = readPageText(doc);
  for (const extractor of EXTRACTORS) {
    const extraction = extractor.extract(page, url);
    if (extraction) return extraction;
  }
  throw new Error(`extractPageMetadata: no extractor answered for ${url}`); // the generic one always does
}

export function extractPageMetadata(doc: Document, url: string): PageMetadata {
  return extractPageWithSources(doc, url).metadata;
}

export { parseDateAndTime, parseDateRange, parseTime, parseUkDate } from './dates';
export { areaKeyOf, gradeKeyOf } from './judgements';
export type { Confidence, Extraction, FieldSource, FieldSources, MetadataField } from './field-sources';
