import { browser } from 'wxt/browser';
import { clipActiveTab } from './clip-active-tab';

/** The keyboard shortcut (default Alt+Shift+E, changeable in the browser's shortcut settings). */
export function registerClipShortcut(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'clip-selection') void clipActiveTab(tab?.id);
  });
}
