import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { routeBackgroundRequest } from '../background/router';
import { activeSession } from '../background/sessions';
import { registerClipContextMenu } from '../features/clip-context-menu';
import { registerClipShortcut } from '../features/clip-shortcut';
import { registerSiteAccess } from '../features/site-access';

// Wiring only: the logic lives in background/ and features/.
export default defineBackground({
  type: 'module',
  main() {
    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      routeBackgroundRequest(message, sender).then(sendResponse);
      return true; // answer asynchronously
    });
    registerClipContextMenu();
    registerClipShortcut();
    registerSiteAccess();
    // Start loading the workspace at once; captures that arrive first take the fast path.
    void activeSession().then((session) => session.load());
  },
});
