import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteEvidence, project } from '../../shared/workspace';
import { clipsDestroyedBy } from '../../shared/workspace/evidence-removal';
import { rebuildReplica } from '../../extension/background/replica-rebuild';
import { hasClip, saveClip } from '../integration/helpers/clips';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

/** A workspace with `count` clips, and a second replica in step with it. */
function twoReplicas(count: number): { server: Y.Doc; local: Y.Doc; ids: string[] } {
  const server = new Y.Doc();
  const ids = Array.from({ length: count }, (_, i) => saveClip(server, `clip ${i}`, deterministicContext(createRandom(i + 1), 'clipper')));
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(server));
  return { server, local, ids };
}

/** What `change` does to `local`, as the one update a client would send. */
function updateOf(local: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u);
  local.on('update', capture);
  change(local);
  local.off('update', capture);
  if (!update) throw new Error('the change made no update');
  return update;
}

const destroyed = (server: Y.Doc, update: Uint8Array) => clipsDestroyedBy(server, Y.decodeUpdate(update)).size;
const evidenceOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('evidence');

describe('clips an update would destroy, counted before it is applied', () => {
  it.each([
    ['Y.Map.clear() of the evidence map', 60, (doc: Y.Doc) => evidenceOf(doc).clear()],
    ['deleting one clip from the evidence map', 1, (doc: Y.Doc) => evidenceOf(doc).delete([...evidenceOf(doc).keys()][0]!)],
    ['replacing every clip with a string', 60, (doc: Y.Doc) => doc.transact(() => [...evidenceOf(doc).keys()].forEach((k) => evidenceOf(doc).set(k, 'gone' as never)))],
    ['deleting the capture of 3 clips', 3, (doc: Y.Doc) => doc.transact(() => [...evidenceOf(doc).values()].slice(0, 3).forEach((clip) => clip.delete('capture')))],
    ['replacing the capture of 2 clips', 2, (doc: Y.Doc) => doc.transact(() => [...evidenceOf(doc).values()].slice(0, 2).forEach((clip) => clip.set('capture', '{}')))],
    ['a new clip', 0, (doc: Y.Doc) => void saveClip(doc, 'a new one', deterministicContext(createRandom(1000), 'me'))],
    ['soft-deleting 60 clips (the app\'s delete, restorable)', 0, (doc: Y.Doc) => doc.transact(() => [...evidenceOf(doc).keys()].forEach((id) => deleteEvidence(doc, deterministicContext(createRandom(1), 'me'), id)))],
    ['editing a note', 0, (doc: Y.Doc) => [...evidenceOf(doc).values()][0]!.get('note') instanceof Y.Text && ([...evidenceOf(doc).values()][0]!.get('note') as Y.Text).insert(0, 'seen')],
  ])('%s: %d', (_, expected, change) => {
    const { server, local } = twoReplicas(60);
    expect(destroyed(server, updateOf(local, change))).toBe(expected);
  });

  it('does not count a removal the doc already has, nor one of clips it never had', () => {
    const { server, local } = twoReplicas(5);
    const clear = updateOf(local, (doc) => evidenceOf(doc).clear());
    expect(destroyed(new Y.Doc(), clear)).toBe(0);
    Y.applyUpdate(server, clear);
    expect(destroyed(server, clear)).toBe(0);
  });
});

describe('rebuilding a replica whose update the server refused', () => {
  it('keeps every clip the server stored, and this browser\'s other edits', () => {
    const { server, local } = twoReplicas(60);
    saveClip(local, 'clipped offline, then cleared', deterministicContext(createRandom(1000), 'me'));
    evidenceOf(local).delete([...evidenceOf(local).keys()][1]!);
    evidenceOf(local).clear();
    saveClip(local, 'clipped after the clear', deterministicContext(createRandom(2000), 'me'));
    local.getMap<Y.Map<unknown>>('actions').set('action-1', new Y.Map());
    const serverCopy = new Y.Doc();
    Y.applyUpdate(serverCopy, Y.encodeStateAsUpdate(server));

    const rebuilt = rebuildReplica(local, serverCopy);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, rebuilt.update);
    expect(rebuilt.keptLocalEdits).toBe(true);
    expect(rebuilt.clipsBack).toBe(60);
    for (let i = 0; i < 60; i++) expect(hasClip(doc, `clip ${i}`), `clip ${i}`).toBe(true);
    expect(hasClip(doc, 'clipped after the clear')).toBe(true);
    expect(doc.getMap('actions').has('action-1')).toBe(true);
    // Saved here and cleared here, never on the server: that removal is this browser's own to keep.
    // (What the clear deleted inside it is gone from this copy for good: Yjs discards deleted content.)
    expect(hasClip(doc, 'clipped offline, then cleared')).toBe(false);
    // Sent to the server, the rebuilt copy destroys nothing there.
    expect(destroyed(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)))).toBe(0);
  });

  it('keeps only the server\'s state when what is left would still destroy clips (replaced, not removed)', () => {
    const { server, local } = twoReplicas(3);
    saveClip(local, 'clipped offline', deterministicContext(createRandom(1000), 'me'));
    local.transact(() => [...evidenceOf(local).keys()].slice(0, 3).forEach((k) => evidenceOf(local).set(k, 'gone' as never)));
    const rebuilt = rebuildReplica(local, server);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, rebuilt.update);
    expect(rebuilt.keptLocalEdits).toBe(false);
    expect(project(doc).evidence.map((e) => e.quote).sort()).toEqual(['clip 0', 'clip 1', 'clip 2']);
  });
});
