import { documentTypeLabel, formatDate } from './labels';

/** What a citation is made of, as a clip and its source give it. */
export interface CitationParts {
  /** Who wrote it: Ofsted for its reports, else the council (or other publisher). */
  author: string | null;
  title: string | null;
  documentType: string | null;
  /** ISO day of the document, when it has one. */
  documentDate: string | null;
  paragraph: string | null;
  page: number | null;
  url: string | null;
  /** When the clip was made (ISO date-time): the day the source was read. */
  accessed: string;
}

const where = (p: CitationParts) => [p.paragraph ? `para ${p.paragraph}` : null, p.page ? `page ${p.page}` : null].filter(Boolean).join(', ');

/**
 * One line to paste anywhere: `Ofsted, "Inspection of children's social care services", Ofsted
 * inspection report, 4 November 2019, para 21. https://… (read 3 December 2026).`
 */
export function plainCitation(p: CitationParts): string {
  const head = [p.author, p.title ? `"${p.title}"` : null, p.documentType ? documentTypeLabel(p.documentType) : null, formatDate(p.documentDate) || 'undated', where(p) || null]
    .filter(Boolean)
    .join(', ');
  return `${head}.${p.url ? ` ${p.url}` : ''} (read ${formatDate(p.accessed)}).`;
}

/**
 * The form a Word footnote wants, after OSCOLA, the citation style UK public bodies use: title in
 * italics, the rest in brackets, the address in angle brackets and the day it was read:
 * `Ofsted, <i>Inspection of …</i> (Ofsted inspection report, 4 November 2019) para 21 <https://…> accessed 3 December 2026.`
 * Returned as plain text and as HTML (what Word keeps italics from when pasted); the HTML is built
 * from escaped text only.
 */
export function footnoteCitation(p: CitationParts): { text: string; html: string } {
  const bracket = [p.documentType ? documentTypeLabel(p.documentType) : null, formatDate(p.documentDate) || 'undated'].filter(Boolean).join(', ');
  const tail = [where(p) || null, p.url ? `<${p.url}>` : null, `accessed ${formatDate(p.accessed)}`].filter(Boolean).join(' ');
  const lead = p.author ? `${p.author}, ` : '';
  const title = p.title ?? 'Untitled document';
  return {
    text: `${lead}${title} (${bracket}) ${tail}.`,
    html: `${escapeHtml(lead)}<i>${escapeHtml(title)}</i> ${escapeHtml(`(${bracket}) ${tail}.`)}`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
