import type { SyncStore } from '../persistence/types';

/** A workspace's stored state: the newest snapshot and every update logged after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/** What a room starts from, and how the source learns that the room holds it, and that it is gone. */
export interface LoadedDoc extends StoredDoc {
  /** The room holds this state now: updates committed elsewhere since may be applied to it. */
  ready(): void;
  /** The room is gone (unloaded, or dropped after an error): nothing more is applied to it. */
  release(): void;
}

/**
 * Where the rooms load workspaces from. SQLite: the store, read on this thread. PostgreSQL with
 * fan-out: subscribe to the workspace's stream first, then read the snapshot and the rows after it,
 * so nothing committed by another instance in between is missed (fanout/fanned-out-docs.ts).
 */
export interface DocSource {
  load(workspace: string): Promise<LoadedDoc>;
}

/** The embedded default: one process owns the SQLite log, so a load is all there is to it. */
export function sqliteDocSource(store: Pick<SyncStore, 'loadDoc'>): DocSource {
  return {
    load: async (workspace) => ({ ...store.loadDoc(workspace), ready() {}, release() {} }),
  };
}
