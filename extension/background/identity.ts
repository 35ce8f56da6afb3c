import { storage } from 'wxt/utils/storage';
import type { Actor } from '../../shared/schema/actor';
import { newId } from '../../shared/ids';

/**
 * Who is using this browser: a stable id made on first use and a display name set in options.
 * Local-only (chrome.storage.local); the audit trail keeps the name as it was at each change.
 */
export const userItem = storage.defineItem<Actor | null>('local:user', { fallback: null });

export async function currentActor(): Promise<Actor> {
  const existing = await userItem.getValue();
  if (existing) return existing;
  const actor: Actor = { id: newId('user'), name: 'Me' };
  await userItem.setValue(actor);
  return actor;
}
