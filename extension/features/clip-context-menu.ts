import { browser } from 'wxt/browser';
import { watchCanClip } from '../content/can-clip';
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
  // A reviewer's workspace takes no clips: the menu item is not offered at all while it is active.
  watchCanClip(new AbortController().signal, (canClip) => {
    browser.contextMenus.update(MENU_ID, { visible: canClip }).catch(() => undefined); // not created yet: onInstalled creates it
  });
}
