import { Redis } from 'ioredis';
import type { PgSyncStore } from '../persistence/pg/types';
import { addCommitted, streamKeyPrefix } from './redis-streams';

/** How long a command waits for Redis before leaving the update to the instances' head checks. */
const ANNOUNCE_TIMEOUT_MS = 3_000;

/**
 * Tells the server instances of an update a command committed to the log directly (restore,
 * import), as an instance tells the others of its own commits: one XADD to the document's stream.
 * Instances with the workspace loaded apply it by seq and send it to their clients at once. Without
 * it they still find it, at their next comparison of heads (a few seconds), so a failure here is
 * reported, never fatal: the update is committed either way. Returns why it could not be told, or null.
 */
export async function announceCommit(
  redisUrl: string,
  store: Pick<PgSyncStore, 'databaseId'>,
  commit: { workspace: string; seq: number; update: Uint8Array },
): Promise<string | null> {
  const redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: ANNOUNCE_TIMEOUT_MS, retryStrategy: () => null });
  redis.on('error', () => undefined); // the failure is reported by the calls below
  try {
    await redis.connect();
    await addCommitted(redis, streamKeyPrefix(await store.databaseId()) + commit.workspace, commit.seq, commit.update);
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    redis.disconnect();
  }
}
