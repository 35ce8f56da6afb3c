import type { PackClip, PackLink } from '../../types';
import { el, textEl } from './dom';
import { assessmentLabel, clipStatusLine, formatDate, formatDay } from './format';
import type { PackContext } from './view';

/**
 * A clip's markup, made once and cloned per clip: a deep clone is native work, far cheaper than ten
 * createElement calls (10,000 clips under 200 actions are built in about half the time). Every text
 * slot is an empty text node, filled with `nodeValue`: text, never markup.
 */
function clipTemplate(): HTMLElement {
  const slot = (tag: keyof HTMLElementTagNameMap, className?: string) => el(tag, className ? { className } : null, document.createTextNode(''));
  const head = el('p', { className: 'clip-head' }, slot('span', 'badge'), ' ', slot('span', 'status'));
  const quote = slot('blockquote', 'quote');
  quote.setAttribute('data-testid', 'pack-quote');
  const show = textEl('button', 'Show in source', 'show-in-source');
  show.type = 'button';
  show.setAttribute('data-testid', 'pack-show-in-source');
  const link = slot('a');
  link.setAttribute('rel', 'noopener noreferrer');
  const citation = el('p', { className: 'citation' }, slot('cite'), document.createTextNode(''), ' · ', link, ' ', show);
  return el('article', { className: 'clip' }, head, quote, citation, slot('p', 'clip-meta'));
}

let template: HTMLElement | null = null;

/**
 * One clip as a reviewer reads it: its assessment for this action and its status (who approved it,
 * when), the quote, where it comes from (document, publisher, date, paragraph or page, a link,
 * "Show in source"), who clipped it and when, tags and note. `link` is null for clips not linked to
 * the plan.
 */
export function renderClip(ctx: PackContext, clip: PackClip, link: PackLink | null): HTMLElement {
  template ??= clipTemplate();
  const source = ctx.sourceLine(clip.sourceId);
  const article = template.cloneNode(true) as HTMLElement;
  const [head, quote, citation, meta] = article.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  // Every clip is a `pack-clip` (a search finds it wherever it is); one outside the plan says so.
  article.setAttribute('data-testid', 'pack-clip');
  if (!link) article.setAttribute('data-unlinked', 'true');
  article.setAttribute('data-evidence-id', clip.id);

  const badge = head.firstElementChild as HTMLElement;
  if (link) {
    const key = link.assessment ?? 'unassessed';
    badge.className = `badge badge-${key}`;
    badge.firstChild!.nodeValue = assessmentLabel(link.assessment);
  } else {
    badge.nextSibling!.remove();
    badge.remove();
  }
  const status = head.lastElementChild as HTMLElement;
  status.className = `status status-${clip.status}`;
  status.firstChild!.nodeValue = clipStatusLine(clip);

  quote.firstChild!.nodeValue = clip.quote;

  const [cite, citationText, separator, anchor, space, show] = citation.childNodes as unknown as ChildNode[];
  cite!.firstChild!.nodeValue = source.title;
  citationText!.nodeValue = clip.citation ? ` · ${clip.citation}` : '';
  if (source.url) {
    (anchor as HTMLAnchorElement).setAttribute('href', source.url);
    anchor!.firstChild!.nodeValue = source.linkText;
  } else {
    separator!.remove();
    anchor!.remove();
  }
  if (!ctx.sourcesById.has(clip.sourceId)) {
    space!.remove();
    show!.remove();
  }

  meta.firstChild!.nodeValue =
    `Clipped by ${clip.createdBy} on ${formatDay(clip.createdAt)} · evidence dated ${formatDate(clip.evidenceDate)}` +
    (link ? ` · linked by ${link.linkedBy} on ${formatDay(link.linkedAt)}` : '');
  if (clip.tagIds.length) {
    const tags = clip.tagIds.map((id) => ctx.tagNames.get(id)).filter((name): name is string => Boolean(name));
    if (tags.length) article.appendChild(textEl('p', `Tags: ${tags.join(', ')}`, 'clip-tags'));
  }
  if (clip.note.trim()) article.appendChild(el('p', { className: 'note' }, textEl('strong', 'Note: '), clip.note));
  const uncertain = ctx.sourcesById.get(clip.sourceId)?.uncertainFields ?? [];
  if (uncertain.length) article.appendChild(textEl('p', `Evident is not sure of this document's ${uncertain.join(', ')}: check before citing.`, 'uncertain'));
  return article;
}
