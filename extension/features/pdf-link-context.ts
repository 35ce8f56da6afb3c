import { readLinkContext } from '../../shared/extract/link-context';
import { askBackground } from '../messaging';

/** Addresses that are (or may be) PDFs: Ofsted report files and documents ending in .pdf. */
const looksLikePdf = (url: URL) => /\/v1\/file\/\d+$/.test(url.pathname) || /\.pdf$/i.test(url.pathname);

/**
 * When the reader follows a PDF link from an Ofsted provider page or a modern.gov meeting or issue
 * page, what that page says about the document (publication date, committee, meeting date, item) is
 * kept for it: the PDF itself does not print these. Reads the page only on such a click.
 */
export function initPdfLinkContext(doc: Document, signal: AbortSignal): void {
  doc.addEventListener(
    'click',
    (event) => {
      // The reader's own click only: a page script clicking its links must not describe PDFs to Evident.
      if (!event.isTrusted) return;
      const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link) return;
      let target: URL;
      try {
        target = new URL(link.getAttribute('href')!, doc.baseURI);
      } catch {
        return;
      }
      if (!looksLikePdf(target)) return;
      const context = readLinkContext(doc, location.href, link.getAttribute('href')!);
      if (context) void askBackground({ type: 'link-context-save', url: target.toString(), context: context as unknown as Record<string, unknown> });
    },
    { capture: true, signal },
  );
}
