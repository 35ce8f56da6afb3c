import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { z } from 'zod';
import { routeBackgroundRequest } from '../background/router';
import { syncAllWorkspaces } from '../background/sessions';
import { registerClipContextMenu } from '../features/clip-context-menu';
import { registerClipShortcut } from '../features/clip-shortcut';
import { registerOpenInViewer } from '../features/open-in-viewer';
import { registerPdfRedirect } from '../features/pdf-redirect';
import { registerSiteAccess } from '../features/site-access';

const SYNC_START_DELAY_MS = 1500;

// Wiring only: the logic lives in background/ and features/.
export default defineBackground({
  type: 'module',
  main() {
    // zod would probe `new Function` (blocked by the extension CSP); say so up front.
    z.config({ jitless: true });
    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      routeBackgroundRequest(message, sender).then(sendResponse);
      return true; // answer asynchronously
    });
    registerClipContextMenu();
    registerClipShortcut();
    registerSiteAccess();
    registerPdfRedirect();
    registerOpenInViewer();
    // The workspace doc is not loaded here: a capture that wakes the worker must not queue behind
    // parsing a large doc (captures take the fast path). Pages that edit ask for it (workspace-info).
    // Joined workspaces connect to their servers a moment later, for the same reason.
    setTimeout(() => void syncAllWorkspaces(), SYNC_START_DELAY_MS);
  },
});
