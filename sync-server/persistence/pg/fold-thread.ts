import { Worker } from 'node:worker_threads';
import type { FoldReply, FoldRequest } from './fold-worker';
import type { FoldLog } from './types';

const WORKER_ENTRY = new URL('./fold-worker-entry.mjs', import.meta.url);

export interface FoldThread {
  /** The store's fold (snapshot + log → new snapshot), run on the worker thread. */
  fold: FoldLog;
  close(): Promise<void>;
}

/**
 * Folding a large document is CPU for hundreds of milliseconds (a 10,000-clip doc: a 39 MB
 * snapshot through a Y.Doc), which on the event loop would stall every room's sync: so the
 * PostgreSQL store's compactions fold on this thread, while the advisory lock is held. Started on
 * first use; a worker that dies fails the folds it held (the compaction rolls back, the log stays
 * as it was) and the next fold starts a new one.
 */
export function startFoldThread(): FoldThread {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (state: Uint8Array) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const started = (): Worker => {
    if (worker) return worker;
    const thread = new Worker(WORKER_ENTRY, { name: 'evident-pg-fold' });
    thread.on('message', (reply: FoldReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.state);
      else waiter.reject(new Error(`fold failed: ${reply.error}`));
    });
    thread.on('error', (error: Error) => failAll(new Error(`fold worker failed: ${error.message}`)));
    thread.on('exit', (code) => {
      if (worker === thread) worker = null;
      failAll(new Error(`fold worker exited (${code})`));
    });
    // Idle between compactions: it must not keep the process alive.
    thread.unref();
    worker = thread;
    return thread;
  };

  return {
    fold: (snapshot, updates) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Copied, not transferred: the store's buffers may be slices of one pg read buffer.
        started().postMessage({ id, snapshot, updates } satisfies FoldRequest);
      }),
    async close() {
      const thread = worker;
      worker = null;
      failAll(new Error('fold worker closed'));
      await thread?.terminate();
    },
  };
}
