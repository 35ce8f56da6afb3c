import { parentPort } from 'node:worker_threads';
import { foldLog } from '../fold-log';

/** One fold asked of the worker: the snapshot and the log after it. */
export interface FoldRequest {
  id: number;
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

export type FoldReply = { id: number; ok: true; state: Uint8Array } | { id: number; ok: false; error: string };

// Runs in the worker only: folds one request at a time, in the order asked.
parentPort?.on('message', ({ id, snapshot, updates }: FoldRequest) => {
  let reply: FoldReply;
  try {
    reply = { id, ok: true, state: foldLog(snapshot, updates) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply, reply.ok ? [reply.state.buffer as ArrayBuffer] : []);
});
