import { FootnoteReferenceRun, Paragraph, type ParagraphChild } from 'docx';
import { ASSESSMENT_LABELS, EVIDENCE_STATUS_LABELS, formatDate, formatDateTime, formatDay } from '../../labels';
import type { PackClip, PackLink, PackSource } from '../types';
import { labelledRuns, textParagraph, textRuns, urlRuns } from './text';

/**
 * Footnotes are numbered as the quotes appear. Each appearance of a clip gets its own footnote (a clip
 * evidencing two actions is cited under both): Word numbers one footnote per reference, and a reader
 * checking a quote finds its citation at the foot of that page.
 */
export class Footnotes {
  readonly notes: Record<number, { children: Paragraph[] }> = {};
  private next = 1;

  add(children: Paragraph[]): number {
    const id = this.next++;
    this.notes[id] = { children };
    return id;
  }
}

export interface ClipContext {
  sources: Map<string, PackSource>;
  tagNames: Map<string, string>;
  footnotes: Footnotes;
}

/**
 * A clip as the pack shows it: the quote as a Quote-style paragraph with its citation as a footnote,
 * then what the link says it shows, its review status, its tags and the team's note.
 */
export function clipParagraphs(clip: PackClip, link: PackLink | null, ctx: ClipContext): Paragraph[] {
  const footnote = ctx.footnotes.add([citationParagraph(clip, ctx.sources.get(clip.sourceId) ?? null)]);
  const quote = new Paragraph({ style: 'Quote', children: [...textRuns(`“${clip.quote}”`), new FootnoteReferenceRun(footnote)] });
  const details: ParagraphChild[] = [];
  const add = (runs: ParagraphChild[]) => {
    if (details.length) details.push(...textRuns(' · '));
    details.push(...runs);
  };
  if (link) {
    add(labelledRuns('Assessment', `${ASSESSMENT_LABELS[link.assessment ?? 'unassessed']} (linked by ${link.linkedBy}, ${formatDay(link.linkedAt)})`));
  }
  add(labelledRuns('Status', statusText(clip)));
  const tags = clip.tagIds.map((id) => ctx.tagNames.get(id) ?? id);
  if (tags.length) add(labelledRuns('Tags', tags.join(', ')));
  const paragraphs = [quote, new Paragraph({ style: 'ClipDetails', children: details })];
  if (clip.note.trim()) paragraphs.push(new Paragraph({ style: 'ClipDetails', children: labelledRuns('Note', clip.note) }));
  return paragraphs;
}

function statusText(clip: PackClip): string {
  const label = EVIDENCE_STATUS_LABELS[clip.status];
  if (clip.status === 'draft') return label;
  const by = clip.statusChangedBy ? ` by ${clip.statusChangedBy}` : '';
  const when = clip.statusChangedAt ? ` on ${formatDay(clip.statusChangedAt)}` : '';
  return `${label}${by}${when}`;
}

/**
 * The citation a reader checks the quote against: document title, who published it and for which
 * council, its type and date, the paragraph or page, its address, and who clipped it when.
 */
export function citationParagraph(clip: PackClip, source: PackSource | null): Paragraph {
  if (!source) return textParagraph(`${clip.citation || 'Source not in the workspace'}. Clipped by ${clip.createdBy} on ${formatDateTime(clip.createdAt)}.`, { style: 'FootnoteText' });
  const who = source.publisher && source.council && source.publisher !== source.council
    ? `${source.publisher}, on ${source.council}`
    : source.council ?? source.publisher;
  const what = [source.documentTypeLabel, source.committee, formatDate(source.documentDate) || null].filter(Boolean).join(', ');
  const where = [clip.paragraph ? `para ${clip.paragraph}` : null, clip.page ? `page ${clip.page}` : null].filter(Boolean).join(', ');
  const lead = [source.title, who, what, where].filter((part) => part && part.trim()).join('. ');
  const children: ParagraphChild[] = [...textRuns(`${lead}. `)];
  if (source.url) children.push(...urlRuns(source.url), ...textRuns('. '));
  children.push(...textRuns(`Clipped by ${clip.createdBy} on ${formatDateTime(clip.createdAt)}.`));
  return new Paragraph({ style: 'FootnoteText', children });
}
