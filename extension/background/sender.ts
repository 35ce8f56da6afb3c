import { browser, type Browser } from 'wxt/browser';
import type { BackgroundRequest } from '../../shared/protocol/messages';

/**
 * Requests a content script (running inside a web page) may make; everything else is for our pages.
 * A content script shares the page's DOM, so it may only ask for what the toolbar shows there and
 * save what the reader's own (trusted) click asks it to. Plan data and links never go through it:
 * suggestions, linking and unlinking come from the toolbar's frame, an extension page the page
 * cannot read or script (extension/content/toolbar-frame.ts).
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<BackgroundRequest['type']> = new Set<BackgroundRequest['type']>([
  // Sent only from a trusted click on Clip (or the extension's own menu, shortcut and popup).
  'capture-clip',
  'prepare-capture',
  'page-clips',
  // After a trusted click: hand the clip just saved to the toolbar frame (one-time ticket, same tab).
  'toolbar-offer',
  // Which page this browser is on, for teammates' presence lists.
  'presence-page',
  // What a listing page says about a PDF the reader is opening from it (a trusted click on its link).
  'link-context-save',
]);

/** This extension, as messages name it: its id and the base URL of its pages. */
export interface ExtensionSelf {
  id: string;
  baseUrl: string;
}

export const thisExtension = (): ExtensionSelf => ({ id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') });

export const isExtensionPage = (sender: Browser.runtime.MessageSender, self: ExtensionSelf = thisExtension()) =>
  sender.id === self.id && !!sender.url?.startsWith(self.baseUrl);

export const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
};

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** Refuses what a page's content script should never ask, or a clip it claims from another site. */
export function checkSender(
  request: BackgroundRequest,
  sender: Browser.runtime.MessageSender,
  self: ExtensionSelf = thisExtension(),
): string | null {
  if (sender.id !== self.id) return 'message from another extension refused';
  if (isExtensionPage(sender, self)) return null;
  if (!CONTENT_SCRIPT_REQUESTS.has(request.type)) return `${request.type} is not allowed from a web page`;
  if (request.type === 'capture-clip' && originOf(request.clip.source.url) !== originOf(sender.url)) {
    return 'a page may only clip from itself';
  }
  // PDFs are clipped in Evident's own viewer; a web page claiming to be one would name its own hash.
  if (request.type === 'capture-clip' && (request.clip.source.kind !== 'web' || request.clip.source.pdf)) {
    return 'a web page may only clip itself as a web page';
  }
  return null;
}
