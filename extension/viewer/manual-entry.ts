import type { SourceInput } from '../../shared/workspace/sources';
import { askBackground } from '../messaging';

/**
 * A scanned PDF has no text to select: the reader types the passage and its page, and it is saved
 * as evidence marked as entered by hand (its anchor cannot be re-found on the page).
 */
export function initManualEntry(doc: Document, source: SourceInput & { url: string }, pageCount: number): void {
  const panel = doc.querySelector<HTMLElement>('[data-testid="manual-entry"]')!;
  const page = doc.querySelector<HTMLInputElement>('[data-testid="manual-page"]')!;
  const text = doc.querySelector<HTMLTextAreaElement>('[data-testid="manual-text"]')!;
  const status = doc.querySelector<HTMLElement>('[data-testid="manual-status"]')!;
  page.max = String(pageCount);
  panel.hidden = false;
  panel.querySelector('form')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const exact = text.value.replace(/\s+/g, ' ').trim();
    const pageNumber = Number(page.value);
    if (!exact || !(pageNumber >= 1 && pageNumber <= pageCount)) {
      status.textContent = `Give the passage and a page from 1 to ${pageCount}.`;
      return;
    }
    const outcome = await askBackground({
      type: 'capture-clip',
      clip: {
        source,
        evidence: {
          anchor: {
            quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
            position: { type: 'TextPositionSelector', start: 0, end: exact.length },
            paragraph: null,
            page: pageNumber,
            manual: true,
          },
          contextBefore: '',
          contextAfter: '',
        },
      },
    });
    status.textContent = outcome.ok ? (outcome.value.status === 'duplicate' ? 'Already saved' : 'Saved') : outcome.error;
    if (outcome.ok) text.value = '';
  });
}
