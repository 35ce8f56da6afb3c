import { describe, expect, it } from 'vitest';
import { checkSender, CONTENT_SCRIPT_REQUESTS } from '../../extension/background/sender';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import type { BackgroundRequest } from '../../shared/protocol/messages';

const self = { id: 'evident-id', baseUrl: 'chrome-extension://evident-id/' };
const page = (url: string) => ({ id: 'evident-id', url, tab: { id: 3 } as never });
const clipFrom = (url: string): BackgroundRequest => ({
  type: 'capture-clip',
  clip: {
    source: { kind: 'web', url, canonicalUrl: null, pageTitle: '', metadata: emptyPageMetadata() },
    evidence: {
      anchor: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 }, paragraph: null },
      contextBefore: '',
      contextAfter: '',
    },
  },
});

describe('who may ask the background what', () => {
  it('lets Evident\'s own pages ask anything', () => {
    expect(checkSender({ type: 'tag-delete', id: 'tag_1' }, { id: 'evident-id', url: 'chrome-extension://evident-id/dashboard.html' }, self)).toBeNull();
  });

  it.each<[string, BackgroundRequest]>([
    ['delete a tag', { type: 'tag-delete', id: 'tag_1' }],
    ['export the workspace', { type: 'workspace-export' }],
    ['edit a note', { type: 'evidence-set-note', id: 'ev_1', note: 'x' }],
    ['open a tab', { type: 'open-in-context', evidenceId: 'ev_1' }],
  ])('refuses a web page\'s content script that tries to %s', (_what, request) => {
    expect(checkSender(request, page('https://democracy.westsussex.gov.uk/a'), self)).toMatch(/not allowed from a web page/);
  });

  it('lets a page clip from itself but not claim another site\'s document', () => {
    expect(checkSender(clipFrom('https://democracy.westsussex.gov.uk/b'), page('https://democracy.westsussex.gov.uk/a'), self)).toBeNull();
    expect(checkSender(clipFrom('https://reports.ofsted.gov.uk/x'), page('https://evil.example.gov.uk/a'), self)).toMatch(/only clip from itself/);
  });

  it('refuses a page that claims to be a PDF (PDFs are clipped in the viewer, which names the file by its bytes)', () => {
    const request = clipFrom('https://democracy.westsussex.gov.uk/a') as Extract<BackgroundRequest, { type: 'capture-clip' }>;
    const asPdf = { ...request, clip: { ...request.clip, source: { ...request.clip.source, kind: 'pdf' as const } } };
    expect(checkSender(asPdf, page('https://democracy.westsussex.gov.uk/a'), self)).toMatch(/only clip itself as a web page/);
  });

  it.each<[string, BackgroundRequest]>([
    ['ask which plan actions a clip evidences', { type: 'suggest-actions', evidenceId: 'ev_1' }],
    ['link a clip to an action', { type: 'evidence-link', ids: ['ev_1'], actionId: 'act_1', assessment: 'impact' }],
    ['unlink a clip', { type: 'evidence-unlink', id: 'ev_1', actionId: 'act_1' }],
    ['claim the toolbar\'s clip', { type: 'toolbar-claim', ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40' }],
  ])('keeps the plan from a content script: it may not %s (the toolbar frame, an extension page, does)', (_what, request) => {
    expect(checkSender(request, page('https://democracy.westsussex.gov.uk/a'), self)).toMatch(/not allowed from a web page/);
    const toolbarFrame = { id: 'evident-id', url: 'chrome-extension://evident-id/toolbar.html', tab: { id: 3 } as never, frameId: 7 };
    expect(checkSender(request, toolbarFrame, self)).toBeNull();
  });

  it('lets a content script offer its tab\'s clip to the toolbar frame, and nothing that writes but a capture', () => {
    expect(checkSender({ type: 'toolbar-offer', evidenceId: 'ev_1' }, page('https://democracy.westsussex.gov.uk/a'), self)).toBeNull();
    // Reading what the toolbar shows, and the capture a trusted click sends; nothing else that edits the workspace.
    expect([...CONTENT_SCRIPT_REQUESTS].sort()).toEqual(
      ['capture-clip', 'link-context-save', 'page-clips', 'prepare-capture', 'presence-page', 'toolbar-offer'].sort(),
    );
  });

  it('treats a page that merely names the extension in its address as a web page', () => {
    const lookalike = { id: 'evident-id', url: 'https://evil.example.gov.uk/chrome-extension://evident-id/toolbar.html', tab: { id: 3 } as never };
    expect(checkSender({ type: 'evidence-link', ids: ['ev_1'], actionId: 'act_1', assessment: null }, lookalike, self)).toMatch(/not allowed from a web page/);
  });

  it('refuses other extensions', () => {
    expect(checkSender({ type: 'workspace-info', load: 'no' }, { id: 'other', url: 'chrome-extension://other/x.html' }, self)).toMatch(/another extension/);
  });
});
