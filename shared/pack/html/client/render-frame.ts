import type { PackModel } from '../../types';
import { el, textEl } from './dom';
import { formatDate, generatedLine, plural } from './format';
import { recommendationHeading } from './render-plan';

/** The pack's header: what it is, when and by whom it was made, and what the selection kept. */
export function fillHeader(header: HTMLElement, model: PackModel): void {
  const inner = el('div', { className: 'width' });
  inner.appendChild(textEl('p', 'Evident evidence pack', 'kicker'));
  inner.appendChild(textEl('h1', model.title));
  inner.appendChild(textEl('p', generatedLine(model), 'generated'));
  const selection = el('div', { className: 'selection', testid: 'pack-selection' }, textEl('h2', 'What this pack holds', 'selection-title'));
  const list = el('ul');
  for (const line of model.selectionSummary) list.appendChild(textEl('li', line));
  selection.appendChild(list);
  selection.appendChild(
    textEl('p', `Evidence older than ${plural(model.staleAfterMonths, 'month')} (dated before ${formatDate(model.staleBefore)}) is called stale.`),
  );
  inner.appendChild(selection);
  header.replaceChildren(inner);
}

/** The table of contents; returns each recommendation's line so filters can hide it with its section. */
export function fillContents(nav: HTMLElement, model: PackModel, sections: { unlinked: boolean }): HTMLElement[] {
  const list = el('ol', { className: 'toc' });
  const item = (href: string, text: string) => {
    const a = textEl('a', text);
    a.href = href;
    return el('li', null, a);
  };
  list.append(item('#summary', 'Summary'), item('#tools', 'Search and filter the evidence'));
  const recommendationItems = model.recommendations.map((rec, i) => item(`#rec-${i + 1}`, recommendationHeading(rec)));
  if (recommendationItems.length) {
    const plan = el('li', null, textEl('span', model.plan ? `The plan: ${model.plan.name}` : 'The plan'), el('ol', null, ...recommendationItems));
    list.appendChild(plan);
  }
  if (sections.unlinked) list.appendChild(item('#unlinked', 'Evidence not linked to the plan'));
  list.appendChild(item('#sources', 'Sources'));
  nav.replaceChildren(el('div', { className: 'width' }, textEl('h2', 'Contents'), list));
  nav.querySelector('h2')!.id = 'toc-h';
  return recommendationItems;
}

export function fillFooter(footer: HTMLElement, model: PackModel): void {
  footer.replaceChildren(
    el(
      'div',
      { className: 'width' },
      textEl(
        'p',
        `Made with Evident (workspace ${model.workspaceId}) on ${formatDate(model.generatedAt)}. This file is self-contained: it works offline and loads nothing from the network.`,
      ),
      textEl('p', 'Each quote can be checked against the text Evident kept of its source (Show in source), identified by its SHA-256, and against the live page by its link.'),
    ),
  );
}
