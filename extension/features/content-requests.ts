import { browser } from 'wxt/browser';
import { ContentRequest, parseEnvelope, type ContentResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { captureRange, selectedRange } from '../content/capture';
import type { PageHighlights } from '../content/highlights';
import { pageIdentity } from '../content/page-identity';
import { refreshPageHighlights } from './page-highlights';

/**
 * Answers the extension's requests to this page: capture the selection (context menu, shortcut,
 * popup), show a clip (side panel), and report the page's state. Only the extension can send these.
 */
export function initContentRequests(doc: Document, highlights: PageHighlights, signal: AbortSignal): void {
  async function handle(request: ContentRequest): Promise<Result<ContentResponses[ContentRequest['type']], string>> {
    switch (request.type) {
      case 'capture-selection': {
        const range = selectedRange(doc);
        return range ? captureRange(doc, range, highlights) : err('Select some text to clip first');
      }
      case 'show-clip':
        return ok({ found: highlights.flash(request.evidenceId) });
      case 'page-state': {
        const { url, canonicalUrl, sourceId } = pageIdentity(doc, location.href);
        return ok({ url, canonicalUrl, sourceId, clipCount: highlights.count, notFound: highlights.notFound() });
      }
      case 'refresh-highlights':
        return ok(await refreshPageHighlights(doc, highlights));
    }
  }
  const listener = (message: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if (sender.id !== browser.runtime.id) return false;
    const parsed = parseEnvelope(ContentRequest, message);
    if (!parsed.ok) return false;
    handle(parsed.value).then(sendResponse, (e: Error) => sendResponse(err(e.message)));
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener));
}
