import { browser } from 'wxt/browser';
import { err, ok, type Result } from '../../shared/result';
import type { WorkspaceSession } from '../background/workspace-session';
import { viewerPageFor } from './open-in-viewer';

/**
 * "Open in context": opens the clip's page in a new tab; when the page's content script asks for its
 * clips, it is told which one to scroll to and flash. The wish is kept in session storage so it
 * survives the service worker stopping while the page loads.
 */
const focusKey = (tabId: number) => `focus:${tabId}`;

export async function openInContext(session: WorkspaceSession, evidenceId: string): Promise<Result<void, string>> {
  const row = await session.db.evidence.get(evidenceId);
  if (!row) return err(`evidence ${evidenceId} not found`);
  if (!row.sourceUrl) return err('this clip has no page address');
  // PDF clips open in Evident's viewer (which also works where no redirect rule applies).
  const url = row.page !== null ? viewerPageFor(row.sourceUrl) : row.sourceUrl;
  const tab = await browser.tabs.create({ url, active: true });
  if (tab.id !== undefined) await browser.storage.session.set({ [focusKey(tab.id)]: evidenceId });
  return ok(undefined);
}

/** The clip a freshly opened tab should show, asked once. */
export async function takeFocusFor(tabId: number): Promise<string | null> {
  const key = focusKey(tabId);
  const stored = await browser.storage.session.get(key);
  const value = stored[key];
  if (typeof value !== 'string') return null;
  await browser.storage.session.remove(key);
  return value;
}
