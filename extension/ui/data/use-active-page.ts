import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { ContentResponses } from '../../../shared/protocol/messages';
import { askTab } from '../../messaging';

export interface ActivePage {
  tabId: number | null;
  state: ContentResponses['page-state'] | null;
  /** Why there is no page state (Evident not running there, no tab). */
  problem: string | null;
}

/**
 * A page opened as `sidepanel.html?tab=<id>` (the popup does this where the browser has no side panel
 * API) follows that tab rather than the active one.
 */
export function pinnedTabId(): number | null {
  const value = new URLSearchParams(location.search).get('tab');
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * The page in the current tab as its content script sees it. Asking the page (rather than reading
 * the tab's URL) needs no "tabs" permission, and gives the page's own identity and anchoring results.
 */
export function useActivePage(): ActivePage & { refresh: () => void } {
  const [page, setPage] = useState<ActivePage>(() => ({ tabId: pinnedTabId(), state: null, problem: null }));
  const refresh = useCallback(() => {
    void (async () => {
      const pinned = pinnedTabId();
      const tabId = pinned ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
      if (tabId === undefined) return setPage({ tabId: null, state: null, problem: 'No page is open.' });
      // Known before the page answers, so a click that comes first still acts on this tab.
      setPage((previous) => (previous.tabId === tabId ? previous : { tabId, state: null, problem: null }));
      const state = await askTab(tabId, { type: 'page-state' });
      setPage(
        state.ok
          ? { tabId, state: state.value, problem: null }
          : { tabId, state: null, problem: 'Evident is not active on this page. Select text and use the context menu or shortcut to clip here.' },
      );
    })();
  }, []);
  useEffect(() => {
    refresh();
    const onActivated = () => pinnedTabId() === null && refresh();
    const onUpdated = (id: number, info: { status?: string }) =>
      info.status === 'complete' && (pinnedTabId() ?? id) === id && refresh();
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, [refresh]);
  return { ...page, refresh };
}
