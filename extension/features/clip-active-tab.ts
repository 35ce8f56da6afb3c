import { browser } from 'wxt/browser';
import type { CaptureOutcome } from '../../shared/protocol/messages';
import { err, type Result } from '../../shared/result';
import { ensureContentScript } from '../background/content-injection';
import { askTab } from '../messaging';

/**
 * Clips whatever is selected in the active tab: the toolbar popup's "Clip selection", the context
 * menu and the keyboard shortcut all end here. Works on any site, because each of those is a user
 * gesture that grants activeTab.
 */
export async function clipActiveTab(tabId?: number): Promise<Result<CaptureOutcome, string>> {
  const id = tabId ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (id === undefined) return err('no active tab');
  if (!(await ensureContentScript(id))) return err('Evident cannot clip on this page');
  return askTab(id, { type: 'capture-selection' });
}
