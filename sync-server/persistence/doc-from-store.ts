import * as Y from 'yjs';
import type { SyncStore } from './types';

/** The workspace's stored state as a Y.Doc: its snapshot, then every later update in log order. */
export function docFromStore(store: Pick<SyncStore, 'loadDoc'>, workspace: string): Y.Doc {
  const { snapshot, updates } = store.loadDoc(workspace);
  const doc = new Y.Doc();
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot);
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
