/**
 * The pack render worker (started by pack-renderer.ts, through render-worker-entry.mjs): makes
 * reviewer packs off the event loop, from its own read connection to the server's database (SQLite
 * in WAL mode: it reads while the committer writes; PostgreSQL: one pooled connection of its own).
 * A 10,000-clip workspace takes seconds to load, build and render; on the main thread that would
 * hold up every room's sync for as long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPgPool } from '../persistence/pg/database-url';
import { pgStoreOn } from '../persistence/pg/pg-store';
import { openSqliteStore } from '../persistence/sqlite-store';
import { renderStoredPack, type PackDocStore, type StoredPack } from './render-stored-pack';

/** The server's database: its SQLite file, or PostgreSQL (EVIDENT_DATABASE_URL; its schema is already migrated by the server). */
export type PackSource = { kind: 'sqlite'; dbPath: string } | { kind: 'postgres'; databaseUrl: string };

export interface RenderWorkerData {
  source: PackSource;
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
const { source } = workerData as RenderWorkerData;
const post = (message: FromRenderWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function openSource(): Promise<PackDocStore> {
  if (source.kind === 'sqlite') return openSqliteStore(source.dbPath);
  return pgStoreOn(await openPgPool(source.databaseUrl, { max: 1 }));
}

let store: PackDocStore;
try {
  store = await openSource();
  post({ type: 'ready' });
} catch (e) {
  const where = source.kind === 'sqlite' ? source.dbPath : 'PostgreSQL';
  post({ type: 'open-failed', error: `pack render worker: cannot open ${where}: ${String(e)}` });
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
