import type { PgSyncStore } from '../persistence/pg/types';
import type { DocumentFeed } from './document-feed';

/**
 * Every `everyMs`, reads the heads of the loaded documents and catches up, from PostgreSQL, each one
 * still behind a head seen one round EARLIER. One round of grace because this instance's own commit
 * moves the head before its seq is noted as held here, and an update that arrives by stream is
 * behind the head for a moment; a document still behind a round later missed something (an XADD
 * lost to a Redis restart, or a command that wrote to the log directly). Returns the stop function.
 */
export function watchHeads(
  feeds: ReadonlyMap<string, DocumentFeed>,
  store: Pick<PgSyncStore, 'headSeqs'>,
  everyMs: number,
  onError: (error: unknown) => void,
): () => void {
  let headsSeen = new Map<string, number>();
  const timer = setInterval(() => {
    const workspaces = [...feeds.keys()];
    if (!workspaces.length) return;
    store.headSeqs(workspaces).then((heads) => {
      for (const [workspace, seen] of headsSeen) {
        const feed = feeds.get(workspace);
        if (feed?.applied != null && feed.applied < seen) void feed.catchUp();
      }
      headsSeen = heads;
    }, onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
