import { browser } from 'wxt/browser';
import { clipActiveTab } from './clip-active-tab';

/** Right-click "Clip as evidence" on any selection. */
const MENU_ID = 'evident-clip-selection';

export function registerClipContextMenu(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_ID, title: 'Clip as evidence', contexts: ['selection'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && tab?.id !== undefined) void clipActiveTab(tab.id);
  });
}
