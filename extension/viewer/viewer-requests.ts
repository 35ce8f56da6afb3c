import { browser } from 'wxt/browser';
import { ContentRequest, parseEnvelope, type ContentResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { selectedRange } from '../content/capture';
import type { PdfClipper } from './pdf-clipper';

/**
 * The viewer answers the same requests a web page's content script does, so the side panel, the
 * popup, the context menu and the shortcut work on PDFs too.
 */
export function initViewerRequests(doc: Document, clipper: PdfClipper, url: string): void {
  async function handle(request: ContentRequest): Promise<Result<ContentResponses[ContentRequest['type']], string>> {
    switch (request.type) {
      case 'capture-selection': {
        const range = selectedRange(doc);
        return range ? clipper.capture(range) : err('Select some text to clip first');
      }
      case 'show-clip':
        return ok({ found: await clipper.flash(request.evidenceId) });
      case 'page-state':
        return ok({ url, canonicalUrl: null, sourceId: clipper.sourceId, clipCount: clipper.clipCount, notFound: clipper.notFound() });
      case 'refresh-highlights':
        await clipper.showExistingClips();
        return ok({ found: clipper.clipCount, notFound: clipper.notFound() });
    }
  }
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if (sender.id !== browser.runtime.id) return false;
    const parsed = parseEnvelope(ContentRequest, message);
    if (!parsed.ok) return false;
    handle(parsed.value).then(sendResponse, (e: Error) => sendResponse(err(e.message)));
    return true;
  });
}
