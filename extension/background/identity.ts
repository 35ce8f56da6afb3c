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

/** The team she works in ("Children's Services Improvement Team"), said once on first run; local-only. */
export const teamItem = storage.defineItem<string>('local:team', { fallback: '' });

/** Whether she has been asked her name and team, so the question comes once, not on every page. */
export const profileAskedItem = storage.defineItem<boolean>('local:profile-asked', { fallback: false });

/** Saves her name (kept on her future clips and activity) and team. */
export async function saveProfile(name: string, team: string): Promise<void> {
  const user = await userItem.getValue();
  await userItem.setValue({ id: user?.id ?? newId('user'), name: name.trim() || user?.name || 'Me' });
  await teamItem.setValue(team.trim());
  await profileAskedItem.setValue(true);
}
