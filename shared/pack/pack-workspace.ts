import type * as Y from 'yjs';
import type { SourceSnapshot } from '../schema/source-snapshot';
import { snapshotsOf } from '../workspace/layout';
import { project } from '../workspace/project';
import type { Projection } from '../workspace/rows';
import { readSnapshot } from '../workspace/snapshots';

/** What a pack is made from: a workspace's projection and its sources' snapshots. */
export interface PackWorkspace {
  workspaceId: string;
  projection: Pick<Projection, 'sources' | 'evidence' | 'tags' | 'plans' | 'recommendations' | 'actions'>;
  /** By source id. */
  snapshots: ReadonlyMap<string, SourceSnapshot>;
}

/** A pack's input from a workspace doc (the extension's replica, or the server's current doc). */
export function packWorkspaceFromDoc(doc: Y.Doc, workspaceId: string): PackWorkspace {
  const snapshots = new Map<string, SourceSnapshot>();
  for (const sourceId of snapshotsOf(doc).keys()) {
    const snapshot = readSnapshot(doc, sourceId);
    // A snapshot a peer wrote badly is left out: its clips then say they have none.
    if (snapshot?.ok) snapshots.set(sourceId, snapshot.value);
  }
  return { workspaceId, projection: project(doc), snapshots };
}
