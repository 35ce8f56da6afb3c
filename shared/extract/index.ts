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

interface Extractor {
  name: string;
  extract: (doc: Document, url: string) => PageMetadata | null;
}

/** Tried in order; the first that recognises the page answers. The generic one always does. */
const EXTRACTORS: readonly Extractor[] = [
  {
    name: 'ofsted-provider',
    extract: (doc, url) => (isOfstedProviderPage(doc, url) ? extractOfstedProvider(doc, url) : null),
  },
  {
    name: 'moderngov',
    extract: (doc, url) => {
      const page = modernGovPageOf(doc, url);
      return page ? extractModernGovPage(doc, url, page) : null;
    },
  },
  { name: 'ofsted-report', extract: (doc, url) => (isOfstedReport(doc, url) ? extractOfstedReport(doc, url) : null) },
  { name: 'council-report', extract: (doc, url) => (isCouncilReport(doc) ? extractCouncilReport(doc, url) : null) },
  { name: 'generic', extract: extractGeneric },
];

export function extractPageMetadata(doc: Document, url: string): PageMetadata {
  for (const extractor of EXTRACTORS) {
    const metadata = extractor.extract(doc, url);
    if (metadata) return metadata;
  }
  throw new Error(`extractPageMetadata: no extractor answered for ${url}`); // the generic one always does
}

export { parseDateRange, parseUkDate, parseDateAndTime, parseTime } from './dates';
export { areaKeyOf, gradeKeyOf } from './judgements';
