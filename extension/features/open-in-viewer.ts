import { browser } from 'wxt/browser';
import { viewerUrlFor } from '../viewer/file-param';

/** "Open in Evident viewer": any PDF link (context menu), or the PDF in the current tab (popup). */
const MENU_ID = 'evident-open-pdf';

export const viewerPageFor = (pdfUrl: string) => viewerUrlFor(browser.runtime.getURL('/viewer.html'), pdfUrl);

export function registerOpenInViewer(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_ID, title: 'Open in Evident viewer', contexts: ['link'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || !info.linkUrl) return;
    void browser.tabs.create({ url: viewerPageFor(info.linkUrl), index: tab ? tab.index + 1 : undefined });
  });
}

/**
 * The popup's button: the tab it shows (the active one, whose address the click lets us read, or a
 * file:// tab, readable once the user allows file access) reopened in the viewer.
 */
export async function openActiveTabInViewer(tabId?: number): Promise<string | null> {
  const tab = tabId !== undefined ? await browser.tabs.get(tabId).catch(() => undefined) : (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  if (!tab?.id || !tab.url) return 'Evident cannot see this tab\'s address';
  if (!/^(https?|file):/.test(tab.url)) return 'Only web and file addresses can be opened';
  await browser.tabs.update(tab.id, { url: viewerPageFor(tab.url) });
  return null;
}
