import { type BlockText, normaliseSpace, type PageText, textOf } from './text';

// "Report by the Director of Law and Assurance and the Director of Children's Services"
const REPORT_BY = /^Report (?:by|of|from)\s*:?\s+(.+?)\.?$/i;
// Split only at an "and" that starts another post, so "Director of Law and Assurance" stays whole.
const BETWEEN_POSTS =
  /\s*;\s*|\s+and\s+(?=(?:the\s+)?(?:Director|Executive|Chief|Head|Assistant|Strategic|Deputy|Interim|Corporate|Cabinet|Leader)\b)/i;
// Front-sheet rows that name the report's author (St Helens: "Accountable Employee").
export const AUTHOR_LABEL_SOURCE = 'Accountable Employee|Report Authors?|Authors?|Report of';
const AUTHOR_LABEL = new RegExp(`^(?:${AUTHOR_LABEL_SOURCE})$`, 'i');
const CONTACT_DETAIL = /@|^[\d\s()+-]{6,}$/;

/** An e-mail address or telephone number: a front sheet's contact rows, never a post. */
export function isContactDetail(text: string): boolean {
  return CONTACT_DETAIL.test(text);
}

/** A front sheet's author as "Name, Post (Label)": the label says in what capacity they signed. */
export function formatFrontSheetAuthor(label: string, name: string, post: string | null): string {
  return post ? `${name}, ${post} (${label})` : `${name} (${label})`;
}

function withoutArticle(post: string): string {
  return normaliseSpace(post.replace(/^the\s+/i, ''));
}

/** "Report by the Director of …": the posts named, without "the". */
export function readReportByLines(page: BlockText): string[] {
  for (const { text } of page.blocks) {
    const match = text.length <= 200 ? REPORT_BY.exec(text) : null;
    if (match) return match[1]!.split(BETWEEN_POSTS).map(withoutArticle).filter(Boolean);
  }
  return [];
}

/**
 * A front-sheet table: the author's row ("Accountable Employee | Sarah O'Brien") is followed by
 * unlabelled rows with the post, e-mail and phone. Written as "Name, Post (Label)".
 */
function readFrontSheetAuthors(page: PageText): string[] {
  const authors: string[] = [];
  for (const table of Array.from(page.doc.querySelectorAll('table'))) {
    const rows = Array.from(table.rows).map((row) => Array.from(row.cells).map(textOf));
    rows.forEach(([label, name], i) => {
      if (!label || !name || !AUTHOR_LABEL.test(label)) return;
      const post = rows
        .slice(i + 1)
        .filter(([nextLabel]) => !nextLabel)
        .map(([, value]) => value ?? '')
        .find((value) => value && !isContactDetail(value));
      authors.push(formatFrontSheetAuthor(label, name, post ?? null));
    });
  }
  return authors;
}

/** Who wrote or signed off a council report, as printed; [] when the page does not say. */
export function readReportAuthors(page: PageText): string[] {
  return readReportAuthorsWithSource(page).authors;
}

/** The same, with where they were read: the "Report by" line, or the front sheet's author row. */
export function readReportAuthorsWithSource(page: PageText): { authors: string[]; from: string | null } {
  const reportBy = readReportByLines(page);
  if (reportBy.length > 0) return { authors: reportBy, from: 'the Report by line' };
  const frontSheet = readFrontSheetAuthors(page);
  return { authors: frontSheet, from: frontSheet.length > 0 ? 'the front sheet’s author row' : null };
}
