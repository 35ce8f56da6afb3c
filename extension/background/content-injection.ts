import { browser } from 'wxt/browser';
import { askTab } from '../messaging';

/** Path of the built content script (WXT names it after the entrypoint folder). */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

/**
 * Makes sure the tab runs Evident's content script. On *.gov.uk and enabled sites it is already there;
 * elsewhere the user's click (context menu, shortcut, toolbar) grants activeTab, which lets us inject.
 */
export async function ensureContentScript(tabId: number): Promise<boolean> {
  const state = await askTab(tabId, { type: 'page-state' });
  if (state.ok) return true;
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
    return true;
  } catch {
    return false; // e.g. the browser's own pages, or the web store
  }
}
