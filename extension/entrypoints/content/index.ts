import { defineContentScript } from 'wxt/utils/define-content-script';
import { z } from 'zod';
import { PageHighlights } from '../../content/highlights';
import { warmUpMetadata } from '../../content/build-clip';
import { captureRange } from '../../content/capture';
import { initClipButton } from '../../features/clip-button';
import { initContentRequests } from '../../features/content-requests';
import { refreshPageHighlights } from '../../features/page-highlights';
import { initPdfLinkContext } from '../../features/pdf-link-context';
import { initPresencePage } from '../../features/presence-page';

const INSTALLED = Symbol.for('evident.content');

// Wiring only. Runs on *.gov.uk by declaration, on enabled sites by registration, and anywhere else
// when injected after a user gesture (activeTab); the flag keeps a second injection from doubling up.
export default defineContentScript({
  matches: ['*://*.gov.uk/*'],
  runAt: 'document_idle',
  main(ctx) {
    const scope = globalThis as { [INSTALLED]?: boolean };
    if (scope[INSTALLED]) return;
    scope[INSTALLED] = true;
    z.config({ jitless: true }); // no `new Function` probing inside web pages
    const highlights = new PageHighlights(document);
    initContentRequests(document, highlights, ctx.signal);
    initClipButton(document, (range) => captureRange(document, range, highlights), ctx.signal);
    void refreshPageHighlights(document, highlights);
    warmUpMetadata(document, location.href);
    initPresencePage(document, ctx.signal);
    initPdfLinkContext(document, ctx.signal);
  },
});
