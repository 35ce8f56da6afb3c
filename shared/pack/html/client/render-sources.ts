import type { PackSource } from '../../types';
import { el, externalLink, textEl } from './dom';
import { formatDate, formatDateTime, plural, publisherOf } from './format';

export const NO_SNAPSHOT_TEXT = 'No snapshot of this source was kept: it was clipped before Evident kept sources.';
export const ALTERED_SNAPSHOT_TEXT =
  'Warning: the text kept of this source no longer matches the SHA-256 recorded when it was kept. It may have been altered since: do not rely on it without checking the live page.';

/** Every source in the pack: what it is, where it lives, and the fingerprint of the text Evident kept. */
export function renderSources(sources: readonly PackSource[], clipCounts: ReadonlyMap<string, number>): HTMLElement {
  const section = el('section', { className: 'sources', id: 'sources', testid: 'pack-sources', attrs: { 'aria-labelledby': 'sources-h' } });
  section.appendChild(textEl('h2', 'Sources')).id = 'sources-h';
  section.appendChild(
    textEl('p', `${plural(sources.length, 'document')} quoted in this pack. Each keeps the text Evident saved when it was first clipped, with its SHA-256 fingerprint.`),
  );
  sources.forEach((source, i) => section.appendChild(renderSource(source, i, clipCounts.get(source.id) ?? 0)));
  return section;
}

function renderSource(source: PackSource, index: number, clips: number): HTMLElement {
  const id = `src-${index + 1}`;
  const section = el('section', { className: 'source', id, testid: 'pack-source' });
  section.setAttribute('data-source-id', source.id);
  section.appendChild(textEl('h3', source.title || 'Untitled source')).id = `${id}-h`;
  const dl = el('dl', { className: 'facts' });
  const fact = (term: string, value: Node | string | null, className?: string) => {
    if (value === null || value === '') return;
    const row = el('div', { className: className ? `fact ${className}` : 'fact' }, textEl('dt', term));
    row.appendChild(typeof value === 'string' ? textEl('dd', value) : el('dd', null, value));
    dl.appendChild(row);
  };
  fact('Publisher', publisherOf(source));
  fact('Document type', source.documentTypeLabel);
  fact('Date', source.documentDate ? formatDate(source.documentDate) : 'Not printed on the document');
  fact('Committee', source.committee);
  if (source.ofstedActivity) {
    const a = source.ofstedActivity;
    fact('Ofsted activity', [a.type, a.datesAsWritten, a.leadInspector ? `lead inspector ${a.leadInspector}` : null].filter(Boolean).join(', '));
  }
  if (source.kind === 'pdf') fact('Pages', source.pageCount ? String(source.pageCount) : 'Not known');
  if (source.uncertainFields.length) {
    fact('Not certain', `Evident is not sure of this document's ${source.uncertainFields.join(', ')}: check them against the document.`, 'fact-wide uncertain');
  }
  for (const c of source.corrections) fact('Corrected', `The ${c.field} was corrected by ${c.by} on ${formatDateTime(c.at)}.`, 'fact-wide');
  fact('Address', externalLink(source.url, source.url ?? '') ?? 'No web address was recorded (or it was not an http address).', 'fact-wide');
  fact('Clipped first', `by ${source.capturedBy} on ${formatDateTime(source.capturedAt)}`);
  fact('Clips in this pack', String(clips));
  const hashLabel = source.kind === 'pdf' ? 'SHA-256 of the PDF file' : 'SHA-256 of the text kept';
  fact(hashLabel, source.sha256 ? el('code', { className: 'hash', testid: 'pack-source-sha256' }, source.sha256) : 'None recorded', 'fact-wide');
  fact(
    'Snapshot',
    source.snapshot ? `Snapshot kept on ${formatDateTime(source.snapshot.takenAt)} by ${source.snapshot.takenBy}.` : NO_SNAPSHOT_TEXT,
    'fact-wide',
  );
  section.appendChild(dl);
  if (source.snapshotIntact === false) {
    section.appendChild(el('p', { className: 'warning', testid: 'pack-snapshot-altered', attrs: { role: 'note' } }, textEl('strong', ALTERED_SNAPSHOT_TEXT)));
  }
  if (source.snapshot) {
    const read = textEl('button', 'Read the text kept', 'read-snapshot');
    read.type = 'button';
    read.setAttribute('data-testid', 'pack-read-snapshot');
    section.appendChild(el('p', null, read));
  }
  return section;
}
