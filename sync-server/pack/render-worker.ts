/**
 * The pack render worker (started by pack-renderer.ts, through render-worker-entry.mjs): makes
 * reviewer packs off the event loop, from its own read connection to the server's database (WAL:
 * it reads while the committer writes). A 10,000-clip workspace takes seconds to load, build and
 * render; on the main thread that would hold up every room's sync for as long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore, type SqliteSyncStore } from '../persistence/sqlite-store';
import { renderStoredPack, type StoredPack } from './render-stored-pack';

export interface RenderWorkerData {
  dbPath: string;
}

export interface RenderRequest {
  type: 'render';
  id: number;
  workspace: string;
  gzip: boolean;
}

export type FromRenderWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; error: string }
  | { type: 'rendered'; id: number; ok: true; pack: StoredPack }
  | { type: 'rendered'; id: number; ok: false; error: string };

const port = parentPort!;
const { dbPath } = workerData as RenderWorkerData;
const post = (message: FromRenderWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let store: SqliteSyncStore;
try {
  store = openSqliteStore(dbPath);
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'open-failed', error: `pack render worker: cannot open ${dbPath}: ${String(e)}` });
  port.close();
}

// One request at a time: the main thread sends the next once this one has answered.
port.on('message', async ({ id, workspace, gzip }: RenderRequest) => {
  try {
    const pack = await renderStoredPack(store, workspace, { gzip });
    if (pack.ok) post({ type: 'rendered', id, ok: true, pack: pack.value }, [pack.value.body.buffer as ArrayBuffer]);
    else post({ type: 'rendered', id, ok: false, error: pack.error });
  } catch (e) {
    // The edge of this thread: a renderer bug fails this pack only; the main thread logs it.
    post({ type: 'rendered', id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
