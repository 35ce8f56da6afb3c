import { storage } from 'wxt/utils/storage';
import type { Awareness } from 'y-protocols/awareness';
import { stableHash } from '../../shared/ids';
import { currentActor } from './identity';

/** Someone else working in the same workspace right now, and what they are looking at. */
export interface PresentPerson {
  clientId: number;
  name: string;
  colour: string;
  page: { url: string; title: string } | null;
}

export const presenceItem = storage.defineItem<Record<string, PresentPerson[]>>('session:presence', { fallback: {} });

const COLOURS = ['#1d70b8', '#00703c', '#d4351c', '#f47738', '#4c2c92', '#b58840', '#d53880', '#28a197'];
const published: Record<string, PresentPerson[]> = {};
const trackers = new Map<string, PresenceTracker>();

/** A person's colour: the same in every teammate's browser, from their user id. */
export const colourFor = (userId: string) => COLOURS[parseInt(stableHash(userId).slice(-4), 16) % COLOURS.length]!;

/**
 * Presence over Yjs awareness: this browser says who it is and which page it is on; the states of
 * others are published for the side panel. Awareness is ephemeral by design: nothing is stored.
 */
class PresenceTracker {
  constructor(
    private readonly workspaceId: string,
    private readonly awareness: Awareness,
  ) {}

  async start(): Promise<this> {
    const actor = await currentActor();
    this.awareness.setLocalStateField('user', { id: actor.id, name: actor.name, colour: colourFor(actor.id) });
    this.awareness.on('change', () => this.publish());
    return this;
  }

  setPage(page: { url: string; title: string } | null): void {
    this.awareness.setLocalStateField('page', page);
  }

  private publish(): void {
    const people: PresentPerson[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return;
      const user = state.user as { name?: unknown; colour?: unknown } | undefined;
      if (!user || typeof user.name !== 'string') return;
      const page = state.page as { url?: unknown; title?: unknown } | null | undefined;
      people.push({
        clientId,
        name: user.name.slice(0, 80),
        colour: typeof user.colour === 'string' && /^#[0-9a-f]{6}$/i.test(user.colour) ? user.colour : '#505a5f',
        page: page && typeof page.url === 'string' ? { url: page.url.slice(0, 2000), title: String(page.title ?? '').slice(0, 300) } : null,
      });
    });
    published[this.workspaceId] = people;
    void presenceItem.setValue({ ...published });
  }
}

export function presenceFor(workspaceId: string, awareness: Awareness): PresenceTracker {
  let tracker = trackers.get(workspaceId);
  if (!tracker) trackers.set(workspaceId, (tracker = new PresenceTracker(workspaceId, awareness)));
  return tracker;
}

/** Tells the active workspace's teammates which page this browser is on. */
export function announcePage(workspaceId: string, page: { url: string; title: string } | null): void {
  trackers.get(workspaceId)?.setPage(page);
}
