import { browser } from 'wxt/browser';
import { err, ok, type Result } from '../../shared/result';
import { httpUrlOrNull } from '../../shared/safe-url';
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
  // The address comes from the workspace, which teammates' clients write: only a web address (or a
  // PDF on this computer, shown in the viewer) is opened, never a script or data URL.
  const isPdf = row.page !== null;
  const address = httpUrlOrNull(row.sourceUrl) ?? (isPdf && row.sourceUrl.startsWith('file:///') ? row.sourceUrl : null);
  if (!address) return err('this clip\'s address is not a web address, so Evident will not open it');
  // PDF clips open in Evident's viewer (which also works where no redirect rule applies).
  const url = isPdf ? viewerPageFor(address) : address;
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
