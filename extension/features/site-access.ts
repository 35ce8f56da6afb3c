import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { CONTENT_SCRIPT_FILE } from '../background/content-injection';

/**
 * Sites beyond *.gov.uk where the user wants the clip button (e.g. a council on moderngov.co.uk).
 * Each is granted through a permission request from the options page; the content script is then
 * registered for exactly those origins.
 */
export const enabledSitesItem = storage.defineItem<string[]>('local:enabledSites', { fallback: [] });

const SCRIPT_ID = 'evident-enabled-sites';

/** `https://example.org` → `https://example.org/*`, the match pattern for one origin. */
export const originPattern = (origin: string) => `${new URL(origin).origin}/*`;

export async function syncSiteContentScripts(): Promise<void> {
  const sites = await enabledSitesItem.getValue();
  const granted: string[] = [];
  for (const site of sites) {
    const pattern = originPattern(site);
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length) {
    await browser.scripting.registerContentScripts([
      { id: SCRIPT_ID, matches: granted, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
}

export function registerSiteAccess(): void {
  enabledSitesItem.watch(() => void syncSiteContentScripts());
  browser.permissions.onRemoved.addListener(() => void syncSiteContentScripts());
  browser.runtime.onInstalled.addListener(() => void syncSiteContentScripts());
}
