import { emptyPageMetadata, type PageMetadata } from '../schema/page-metadata';
import { parseUkDate } from './dates';
import { hostnameOf, isLocalAuthorityName, isOfstedHost, pathOf } from './publisher';
import { type PageText, textOf } from './text';

type Publication = PageMetadata['publications'][number];

/**
 * An Ofsted reports-site provider page (reports.ofsted.gov.uk/provider/44/<URN>): the list of a
 * provider's published reports. `a.publication-link` is the reports site's own markup, the one
 * public scrapers select on (fixtures README).
 */
export function isOfstedProviderPage(page: PageText, url: string): boolean {
  if (page.doc.querySelector('a.publication-link')) return true;
  return isOfstedHost(url) && /^\/provider\//i.test(pathOf(url));
}

// The link's hidden label: "Children's services inspection, pdf - 04 September 2023".
const PUBLICATION_LABEL = /^(.*?),\s*[a-z0-9]+\s+-\s+(.+)$/i;

/** The link as the page gives it; a bare fragment ("#…") leads nowhere, so it is no URL. */
function linkTarget(link: Element): string | null {
  const href = link.getAttribute('href')?.trim() ?? '';
  return href && !href.startsWith('#') ? href : null;
}

/** One `a.publication-link`: the report's type and publication date from its hidden label, and its link. */
export function readPublication(link: Element): Publication {
  const hidden = link.querySelector('.nonvisual');
  const label = hidden ? textOf(hidden) : textOf(link);
  const parts = PUBLICATION_LABEL.exec(label);
  return {
    type: parts ? parts[1]! : label,
    date: parts ? parseUkDate(parts[2]!) : null,
    url: linkTarget(link),
  };
}

/**
 * The provider is the subject council only when the provider is a local authority's children's
 * services (the same site lists schools, nurseries and children's homes).
 */
function isLocalAuthorityProvider(page: PageText, name: string): boolean {
  return isLocalAuthorityName(name) || page.sentences.some((s) => /^Local authority children[’']s services$/i.test(s));
}

export function extractOfstedProvider(page: PageText, url: string): PageMetadata {
  const heading = page.headings.find((h) => /^H1$/i.test(h.nodeName));
  const name = heading ? textOf(heading) : null;
  return {
    ...emptyPageMetadata(),
    publisher: 'Ofsted',
    publisher_kind: 'inspectorate',
    platform: isOfstedHost(url) ? hostnameOf(url) : null,
    page_type: 'provider_page',
    document_type: 'ofsted_provider_page',
    title: name,
    subject_local_authority: name && isLocalAuthorityProvider(page, name) ? name : null,
    publications: Array.from(page.doc.querySelectorAll('a.publication-link')).map(readPublication),
  };
}
