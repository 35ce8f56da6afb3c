import type { PdfView } from './pdf-view';

/** Zoom, page number and find: the toolbar's controls, all reachable from the keyboard. */
export function initToolbar(doc: Document, view: PdfView, pageCount: number): void {
  const $ = <T extends Element>(selector: string) => doc.querySelector<T>(selector)!;
  const pageInput = $<HTMLInputElement>('[data-action="page"]');
  const findInput = $<HTMLInputElement>('[data-action="find"]');
  const findStatus = $<HTMLElement>('[data-testid="viewer-find-status"]');
  pageInput.max = String(pageCount);
  $<HTMLElement>('[data-testid="viewer-page-count"]').textContent = `of ${pageCount}`;
  $('[data-action="zoom-in"]').addEventListener('click', () => view.zoom(1));
  $('[data-action="zoom-out"]').addEventListener('click', () => view.zoom(-1));
  $<HTMLSelectElement>('[data-action="scale"]').addEventListener('change', (e) => view.setScale((e.target as HTMLSelectElement).value));
  pageInput.addEventListener('change', () => view.goToPage(Number(pageInput.value)));
  view.onPageChange((page) => (pageInput.value = String(page)));
  const find = (previous: boolean) => findInput.value.trim() && view.find(findInput.value.trim(), previous);
  findInput.addEventListener('keydown', (e) => e.key === 'Enter' && find(e.shiftKey));
  $('[data-action="find-next"]').addEventListener('click', () => find(false));
  $('[data-action="find-previous"]').addEventListener('click', () => find(true));
  view.onFindResult(({ current, total }) => (findStatus.textContent = total ? `${current} of ${total}` : 'Not found'));
  doc.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
      e.preventDefault();
      findInput.focus();
    }
  });
}
