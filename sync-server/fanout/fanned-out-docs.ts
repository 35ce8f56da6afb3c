import type { PgAppendResult, PgSyncStore } from '../persistence/pg/types';
import type { DocSource } from '../rooms/doc-source';
import type { DocumentFeed } from './document-feed';
import type { RedisFanout } from './redis-streams';

export interface FannedOutDocs {
  /** Where rooms load from: subscribed first, then read, so nothing committed in between is missed. */
  docs: DocSource;
  /**
   * Right after this instance's COMMIT of an update (before anyone is sent it): its seq is noted as
   * held, so the stream's copy is skipped, and the other instances are told (a duplicate was told
   * by whoever stored it first).
   */
  committed(workspace: string, committed: PgAppendResult, update: Uint8Array): void;
}

/**
 * Rooms on PostgreSQL, kept in step with commits they did not make: other instances' over Redis
 * (redis-streams.ts), or, for one instance without Redis, a command's found by comparing heads
 * (log-polling.ts).
 */
export function fannedOutDocs(store: Pick<PgSyncStore, 'loadDoc'>, fanout: RedisFanout): FannedOutDocs {
  /** The feeds of loaded rooms (set once the room holds its loaded state). */
  const feeds = new Map<string, DocumentFeed>();
  return {
    docs: {
      async load(workspace) {
        // The stream's end is noted first: what is committed from then on is read from it, what
        // was before is in the load, and what both hold is applied once (by seq).
        const feed = await fanout.subscribe(workspace);
        let loaded;
        try {
          loaded = await store.loadDoc(workspace);
        } catch (e) {
          fanout.unsubscribe(workspace);
          throw e;
        }
        let isReleased = false;
        return {
          snapshot: loaded.snapshot,
          updates: loaded.updates,
          ready() {
            if (isReleased) return;
            feeds.set(workspace, feed);
            feed.loaded(loaded.lastSeq);
          },
          release() {
            if (isReleased) return;
            isReleased = true;
            // Another load may have subscribed again meanwhile (a new feed): only this one goes.
            if (feeds.get(workspace) === feed) feeds.delete(workspace);
            fanout.unsubscribe(workspace);
          },
        };
      },
    },
    committed(workspace, committed, update) {
      const feed = feeds.get(workspace);
      if (feed?.applied != null) feed.committedHere(committed.seq);
      if (!committed.isDuplicate) fanout.publish(workspace, committed.seq, update);
    },
  };
}
