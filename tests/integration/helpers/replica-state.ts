import * as Y from 'yjs';
import { project } from '../../../shared/workspace';
import { docFromStore } from '../../../sync-server/persistence/doc-from-store';
import type { ServerProcess } from './server-process';
import { sortedJson } from './update-stream';

export interface ReplicaState {
  /** The workspace as users see it: the projection the extension lists, with sorted keys. */
  projection: string;
  /** What Yjs says the replica has seen: client id → clock, sorted by client. */
  stateVector: string;
}

/** `projection: false` skips the projection (costly on a large doc) when polling only needs the state vector. */
export function replicaState(doc: Y.Doc, { projection = true } = {}): ReplicaState {
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b);
  return { projection: projection ? sortedJson(project(doc)) : '', stateVector: JSON.stringify(stateVector) };
}

/** The workspace as the server's database holds it now (snapshot + log), read from the test's process. */
export function storedDoc(server: ServerProcess, workspace: string): Y.Doc {
  const store = server.openStore();
  try {
    return docFromStore(store, workspace);
  } finally {
    store.close();
  }
}
