import type { PgSyncStore } from '../persistence/pg/types';
import { DocumentFeed, feedDepsOf, type DocumentFeedDeps } from './document-feed';
import { watchHeads } from './head-watch';
import type { RedisFanout } from './redis-streams';

export interface LogPollingOptions extends Pick<DocumentFeedDeps, 'apply' | 'onReloadNeeded' | 'onError' | 'onReplayed'> {
  store: Pick<PgSyncStore, 'readUpdatesAfter' | 'headSeqs'>;
  /** How often the loaded documents' heads are read. Default 5 s. */
  everyMs?: number;
}

/**
 * The fan-out of one instance on PostgreSQL without Redis: nobody else serves its documents, but an
 * administrator's command (restore, import) commits to the log directly. The loaded documents' heads
 * are read every few seconds and what the rooms lack is read from the log by seq, so their clients
 * get a restore without reconnecting. Own commits are noted as they happen (fanned-out-docs.ts),
 * so a command's update between two of them is a hole, filled at once.
 */
export function startLogPolling(options: LogPollingOptions): RedisFanout {
  const feeds = new Map<string, DocumentFeed>();
  const deps = feedDepsOf(options);
  const stop = watchHeads(feeds, options.store, options.everyMs ?? 5_000, (error) => options.onError('*', error));
  return {
    async subscribe(workspace) {
      const feed = feeds.get(workspace) ?? new DocumentFeed(workspace, deps);
      feeds.set(workspace, feed);
      return feed;
    },
    unsubscribe(workspace) {
      feeds.get(workspace)?.close();
      feeds.delete(workspace);
    },
    publish() {
      // Nobody to tell: the log is the only reader's source.
    },
    isStreaming: false,
    async close() {
      stop();
      for (const feed of feeds.values()) feed.close();
      feeds.clear();
    },
  };
}
