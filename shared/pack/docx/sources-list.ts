import { HeadingLevel, Paragraph } from 'docx';
import { formatDate, formatDateTime } from '../../labels';
import type { PackModel, PackSource } from '../types';
import { labelledParagraph, labelledRuns, textParagraph, textRuns, urlRuns } from './text';

/**
 * The documents quoted, each with what identifies it and its SHA-256, so a reviewer can check that
 * the file they hold is the one quoted: of a PDF's bytes, or of the web page's text Evident kept when
 * it was first clipped.
 */
export function sourcesSection(model: PackModel): Paragraph[] {
  const paragraphs = [
    textParagraph('Sources', { heading: HeadingLevel.HEADING_1 }),
    textParagraph(
      'Every document quoted in this pack. The SHA-256 fingerprint identifies the exact document: for a PDF, the file; ' +
        'for a web page, the text Evident kept when it was first clipped.',
    ),
  ];
  if (!model.sources.length) paragraphs.push(textParagraph('No sources.'));
  for (const source of model.sources) paragraphs.push(...sourceParagraphs(source));
  return paragraphs;
}

function sourceParagraphs(s: PackSource): Paragraph[] {
  const activity = s.ofstedActivity
    ? [s.ofstedActivity.type, s.ofstedActivity.datesAsWritten, s.ofstedActivity.leadInspector ? `lead inspector ${s.ofstedActivity.leadInspector}` : null].filter(Boolean).join(', ')
    : '';
  const out = [
    textParagraph(s.title || 'Untitled document', { heading: HeadingLevel.HEADING_2 }),
    ...labelledParagraph('Publisher', s.publisher ?? ''),
    ...labelledParagraph('Council', s.council ?? ''),
    ...labelledParagraph('Document type', s.documentTypeLabel),
    ...labelledParagraph('Committee', s.committee ?? ''),
    ...labelledParagraph('Document date', formatDate(s.documentDate)),
    ...labelledParagraph('Ofsted activity', activity),
    ...labelledParagraph('Pages', s.pageCount === null ? '' : String(s.pageCount)),
  ];
  if (s.url) out.push(new Paragraph({ children: [...labelledRuns('Address', ''), ...urlRuns(s.url)] }));
  out.push(...labelledParagraph('First clipped', `${formatDateTime(s.capturedAt)}, by ${s.capturedBy}`));
  out.push(
    new Paragraph({
      children: s.sha256
        ? [...labelledRuns('SHA-256', ''), ...textRuns(s.sha256, { font: 'Consolas' }), ...textRuns(s.kind === 'pdf' ? ' (of the PDF file)' : ' (of the page text kept)')]
        : labelledRuns('SHA-256', 'none recorded (clipped before Evident kept document fingerprints)'),
    }),
  );
  if (s.snapshot) {
    const intact = s.snapshotIntact === false ? ' It no longer matches the SHA-256 recorded then: it may have been altered.' : '';
    out.push(textParagraph(`Text kept by ${s.snapshot.takenBy} on ${formatDateTime(s.snapshot.takenAt)}.${intact}`));
  }
  return out;
}
