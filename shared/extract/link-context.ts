/**
 * What the page that linked to a PDF says about it. An Ofsted report does not print its
 * publication date, and a council report PDF seldom its meeting; the Ofsted provider page's link
 * ("Children's services inspection, pdf - 04 November 2019") and the modern.gov meeting or issue page
 * around the link do. The context is read when the user follows the link, kept with the source, and
 * fills only what the PDF itself left null.
 */
import { z } from 'zod';
import type { PageMetadata } from '../schema/page-metadata';
import { extractModernGovPage, type MeetingLine, modernGovPageOf, parseMeetingLine } from './moderngov';
import { extractOfstedProvider, isOfstedProviderPage, readPublication } from './ofsted-provider';
import { isLocalAuthorityName } from './publisher';
import { normaliseSpace, type PageText, readPageText, textOf, unshout } from './text';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date (YYYY-MM-DD)');
const pageUrl = z.string().url().max(4096);
const name = z.string().max(300);

/** Strict: contexts travel in messages from content scripts and are stored; unknown keys are refused. */
export const OfstedProviderLinkContext = z
  .object({
    kind: z.literal('ofsted-provider'),
    reportType: z.string().min(1).max(300),
    publicationDate: isoDate.nullable(),
    providerName: name.nullable(),
    sourcePage: pageUrl,
  })
  .strict();

export const ModernGovLinkContext = z
  .object({
    kind: z.literal('moderngov'),
    committee: name.nullable(),
    meetingDate: isoDate.nullable(),
    agendaItem: z.string().max(20).nullable(),
    linkText: z.string().max(1000),
    sourcePage: pageUrl,
  })
  .strict();

export const LinkContextSchema = z.discriminatedUnion('kind', [OfstedProviderLinkContext, ModernGovLinkContext]);
export type LinkContext = z.infer<typeof LinkContextSchema>;

// --- reading the linking page --------------------------------------------------------------------

const DOCUMENT_POSITION_FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING (no DOM globals in shared/)
// modern.gov appends the file's type and size to a document link: "Children's … Plan PDF 468 KB".
const FILE_SIZE_SUFFIX = /\s*\b(?:PDF|DOCX?|XLSX?|RTF|PPTX?)\s+\d+(?:\.\d+)?\s*[KMG]B$/i;

function resolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

/** The `<a>` that leads to `linkHref`, compared as absolute URLs (pages write links relative). */
function findLink(doc: Document, base: string, linkHref: string): Element | null {
  const target = resolve(linkHref, base);
  if (!target) return null;
  return (
    Array.from(doc.querySelectorAll('a[href]')).find((a) => resolve(a.getAttribute('href') ?? '', base) === target) ??
    null
  );
}

function readProviderLink(page: PageText, pageUrl: string, link: Element): LinkContext | null {
  const publicationLink = link.closest('a.publication-link');
  if (!publicationLink) return null;
  const { type, date } = readPublication(publicationLink);
  if (!type) return null;
  return {
    kind: 'ofsted-provider',
    reportType: type,
    publicationDate: date,
    providerName: extractOfstedProvider(page, pageUrl).title,
    sourcePage: pageUrl,
  };
}

/** The last "Meeting: 15/12/2022 - Cabinet (Item 181)" line before the link (issue pages list several). */
function meetingLineBefore(page: PageText, link: Element): MeetingLine | null {
  const before = page.blocks.filter((b) => b.el.compareDocumentPosition(link) & DOCUMENT_POSITION_FOLLOWING);
  return before.map((b) => parseMeetingLine(b.text)).findLast((line) => line !== null) ?? null;
}

/** The item number of the agenda row holding the link (modern.gov's `mgItemNumberCell`: "181."). */
function itemNumberOfRow(link: Element): string | null {
  for (let row = link.closest('tr'); row; row = row.parentElement?.closest('tr') ?? null) {
    const cell = Array.from(row.cells).find((c) => c.classList.contains('mgItemNumberCell'));
    const number = cell ? textOf(cell).replace(/\.$/, '') : '';
    if (/^[\w.]{1,6}$/.test(number)) return number;
  }
  return null;
}

function readModernGovLink(page: PageText, pageUrl: string, link: Element): LinkContext | null {
  const kind = modernGovPageOf(page, pageUrl);
  if (!kind) return null;
  const pageLevel = extractModernGovPage(page, pageUrl, kind).metadata;
  // A meeting line gives committee and date together; they are not mixed with the page's.
  const meeting = meetingLineBefore(page, link);
  return {
    kind: 'moderngov',
    committee: meeting ? meeting.committee : pageLevel.committee,
    meetingDate: meeting ? meeting.date : pageLevel.meeting_date,
    agendaItem: itemNumberOfRow(link) ?? meeting?.item ?? pageLevel.agenda_item,
    linkText: normaliseSpace(textOf(link).replace(FILE_SIZE_SUFFIX, '')),
    sourcePage: pageUrl,
  };
}

/**
 * What the page at `pageUrl` says about the PDF its link `linkHref` (as written, or absolute) leads
 * to: an Ofsted provider page's publication link, or the meeting and item of a modern.gov page.
 * Null for other pages, or when the page has no such link.
 */
export function readLinkContext(doc: Document, pageUrl: string, linkHref: string): LinkContext | null {
  const base = /^https?:/i.test(doc.baseURI) ? doc.baseURI : pageUrl;
  const link = findLink(doc, base, linkHref);
  if (!link) return null;
  const page = readPageText(doc);
  if (isOfstedProviderPage(page, pageUrl)) return readProviderLink(page, pageUrl, link);
  return readModernGovLink(page, pageUrl, link);
}

// --- applying it to the PDF's metadata -----------------------------------------------------------

type DocumentType = PageMetadata['document_type'];

/** The Ofsted activity a listing's report type names; null for types that are not about a council. */
function activityOfReportType(reportType: string): { documentType: DocumentType; activity: string } | null {
  if (/\bmonitoring visit\b/i.test(reportType))
    return { documentType: 'ofsted_monitoring_visit_letter', activity: 'ILACS monitoring visit' };
  if (/\bfocused visit\b/i.test(reportType))
    return { documentType: 'ofsted_focused_visit_letter', activity: 'ILACS focused visit' };
  if (/\bchildren[’']s (?:social care )?services\b.*\binspection\b|\binspection of .*children[’']s services\b/i.test(reportType))
    return { documentType: 'ofsted_ilacs_inspection_report', activity: 'ILACS inspection' };
  return null;
}

function applyProviderLink(metadata: PageMetadata, context: Extract<LinkContext, { kind: 'ofsted-provider' }>): PageMetadata {
  const published = context.publicationDate;
  const named = activityOfReportType(context.reportType);
  const activity =
    metadata.ofsted_activity !== null
      ? { ...metadata.ofsted_activity, report_published: metadata.ofsted_activity.report_published ?? published }
      : named && published
        ? { type: named.activity, dates_as_written: null, start: null, end: null, report_published: published, lead_inspector: null }
        : null;
  const provider = context.providerName;
  return {
    ...metadata,
    // The provider page lists Ofsted's own publications.
    publisher: metadata.publisher ?? 'Ofsted',
    publisher_kind: metadata.publisher ? metadata.publisher_kind : 'inspectorate',
    document_type: metadata.document_type === 'web_page' && named ? named.documentType : metadata.document_type,
    subject_local_authority:
      metadata.subject_local_authority ?? (provider && isLocalAuthorityName(provider) ? provider : null),
    publication_date: metadata.publication_date ?? published,
    ofsted_activity: activity,
  };
}

function sameCommittee(a: string, b: string): boolean {
  const key = (name: string) => unshout(name).replace(/^the\s+/i, '').toLowerCase();
  return key(a) === key(b);
}

/**
 * The link's meeting fills the document's only where they can be the same meeting: a report printed
 * for Cabinet, linked from a scrutiny meeting's page, keeps its own and takes nothing of the other.
 */
function applyModernGovLink(metadata: PageMetadata, context: Extract<LinkContext, { kind: 'moderngov' }>): PageMetadata {
  const committeeAgrees = !metadata.committee || !context.committee || sameCommittee(metadata.committee, context.committee);
  const dateAgrees = !metadata.meeting_date || !context.meetingDate || metadata.meeting_date === context.meetingDate;
  const platform = metadata.platform ?? 'modern.gov';
  if (!committeeAgrees || !dateAgrees) return { ...metadata, platform };
  return {
    ...metadata,
    platform,
    committee: metadata.committee ?? context.committee,
    meeting_date: metadata.meeting_date ?? context.meetingDate,
    agenda_item: metadata.agenda_item ?? context.agendaItem,
  };
}

/** The PDF's metadata with what its link's page says, filling only what the document left null. */
export function applyLinkContext(metadata: PageMetadata, context: LinkContext): PageMetadata {
  return context.kind === 'ofsted-provider' ? applyProviderLink(metadata, context) : applyModernGovLink(metadata, context);
}
