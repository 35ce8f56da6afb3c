import * as Y from 'yjs';
import { exportWorkspace, migrateWorkspaceDoc } from '../../../shared/workspace';
import { createRandom } from '../../lib/random';
import { applyRandomMutation, deterministicContext } from '../../lib/workspace-ops';

/**
 * A reproducible stream of real workspace updates: the same seed gives the same bytes (fixed client
 * id, seeded ids and clock), so a test can regenerate what a killed child process wrote. Every
 * `bulkEvery`-th step also writes a large value, so the WAL grows past SQLite's auto-checkpoint
 * threshold (1000 pages) and checkpoints happen while the child is being killed.
 */
export function* workspaceUpdates(seed: number, workspace: string, bulkEvery = 0): Generator<Uint8Array> {
  const random = createRandom(seed);
  const ctx = deterministicContext(random);
  const doc = new Y.Doc();
  doc.clientID = 1000 + (seed % 1000);
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  migrateWorkspaceDoc(doc, workspace);
  for (let step = 1; ; step++) {
    applyRandomMutation(doc, ctx, random);
    if (bulkEvery && step % bulkEvery === 0) doc.getMap('bulk').set(`b${step}`, 'x'.repeat(256 * 1024));
    yield* pending.splice(0);
  }
}

/** The first `count` updates of the stream. */
export function firstUpdates(seed: number, workspace: string, count: number, bulkEvery = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const update of workspaceUpdates(seed, workspace, bulkEvery)) {
    if (out.length === count) break;
    out.push(update);
  }
  return out;
}

export function docOf(updates: Iterable<Uint8Array>, snapshot?: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** JSON with object keys sorted, so two docs compare by content, not by map insertion order. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** What a doc holds, comparable across docs: the workspace export, every root type, the state vector. */
export function docContent(doc: Y.Doc, workspace: string): string {
  const exported = exportWorkspace(doc, workspace, '2026-01-01T00:00:00.000Z');
  const roots = Object.fromEntries([...doc.share.keys()].sort().map((name) => [name, rootJson(doc, name)]));
  return sortedJson({
    workspace: exported,
    roots,
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b),
  });
}

/** A root type's content. A root only read from an update has no type yet; ours are maps, but for `activity`. */
function rootJson(doc: Y.Doc, name: string): unknown {
  const type = doc.share.get(name)!;
  if (type instanceof Y.Map || type instanceof Y.Array) return type.toJSON();
  return type._map.size > 0 ? doc.getMap(name).toJSON() : doc.getArray(name).toJSON();
}
