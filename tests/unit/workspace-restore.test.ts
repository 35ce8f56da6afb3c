import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  collectionOf,
  createMutationContext,
  createTag,
  deleteEvidence,
  migrateWorkspaceDoc,
  project,
  restoreWorkspaceContent,
  setEvidenceNote,
  tagEvidence,
} from '../../shared/workspace';
import { createRandom } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { saveClip } from '../integration/helpers/clips';
import { sortedJson } from '../integration/helpers/update-stream';

const WS = 'wsx-ilacs';
const admin = createMutationContext({ id: 'server-admin:sam', name: 'sam (server administrator)' });
const about = { workspaceId: WS, at: '2026-01-05T09:00:00.000Z', from: 'its history' };

/** The workspace's records as users see them, activity aside. */
const recordsOf = (doc: Y.Doc) => {
  const { activity: _activity, problems: _problems, ...records } = project(doc);
  return sortedJson(records);
};
const copyOf = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe('restoreWorkspaceContent', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('brings back exactly what the past held, after random edits since (seed %i)', (seed) => {
    const random = createRandom(seed);
    const ctx = deterministicContext(random);
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, WS);
    for (let i = 0; i < 40; i++) applyRandomMutation(doc, ctx, random);
    const past = copyOf(doc);
    for (let i = 0; i < 40; i++) applyRandomMutation(doc, ctx, random);
    if (random.chance(0.5)) collectionOf(doc, 'evidence').clear();

    const summary = restoreWorkspaceContent(doc, past, admin, about);
    expect(recordsOf(doc), `seed ${seed}`).toBe(recordsOf(past));
    // Append-only: every activity line of the past and of since is there, and the restore's line.
    const lines = new Set(project(doc).activity.map((a) => a.id));
    for (const line of [...project(past).activity]) expect(lines.has(line.id)).toBe(true);
    expect(summary.isChanged).toBe(true);
    expect(project(doc).activity.filter((a) => a.kind === 'workspace.restored')).toEqual([
      expect.objectContaining({ actor: admin.actor, entityId: WS, summary: expect.stringContaining('as it was at 2026-01-05T09:00:00.000Z, from its history') }),
    ]);
  });

  it('changes nothing, and writes no activity line, when the workspace already holds the past', () => {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, WS);
    saveClip(doc, 'Caseloads remain too high.');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const summary = restoreWorkspaceContent(doc, copyOf(doc), admin, about);
    expect(summary.isChanged).toBe(false);
    expect(updates).toEqual([]);
  });

  it("keeps what the past and now share, so a teammate's concurrent edit to an untouched clip survives the merge", () => {
    const ctx = deterministicContext(createRandom(9), 'alice');
    const alice = new Y.Doc();
    migrateWorkspaceDoc(alice, WS);
    const kept = saveClip(alice, 'Audits are now monthly.', ctx);
    setEvidenceNote(alice, ctx, kept, 'Board, March.');
    const past = copyOf(alice);
    const lost = saveClip(alice, 'Written after the moment restored to.', ctx);
    const tag = createTag(alice, ctx, { name: 'drift' });
    if (!tag.ok) throw new Error(tag.error);
    deleteEvidence(alice, ctx, kept);

    const bob = copyOf(alice);
    restoreWorkspaceContent(alice, past, admin, about); // the restore, at the server
    setEvidenceNote(bob, deterministicContext(createRandom(10), 'bob'), kept, 'Board, March. Minutes item 4.'); // bob, meanwhile
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));

    const clips = project(bob).evidence;
    expect(clips.map((c) => [c.id, c.deletedAt, c.note])).toEqual([[kept, null, 'Board, March. Minutes item 4.']]);
    expect(clips.some((c) => c.id === lost)).toBe(false);
    expect(project(bob).tags).toEqual([]);
    expect(recordsOf(alice)).toBe(recordsOf(bob));
  });

  it('replaces only the changed span of a note, and puts back tags and links taken off a clip', () => {
    const ctx = deterministicContext(createRandom(11), 'alice');
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, WS);
    const id = saveClip(doc, 'Plans drift without review.', ctx);
    const tag = createTag(doc, ctx, { name: 'drift' });
    if (!tag.ok) throw new Error(tag.error);
    tagEvidence(doc, ctx, id, tag.value);
    setEvidenceNote(doc, ctx, id, 'Seen in 12 of 20 files 😟 at audit.');
    const past = copyOf(doc);
    setEvidenceNote(doc, ctx, id, 'Seen in 3 of 20 files 😟 at audit.');
    collectionOf(doc, 'evidence').get(id)!.delete(`tag:${tag.value}`);

    const summary = restoreWorkspaceContent(doc, past, admin, about);
    expect(summary.collections.evidence).toEqual({ restored: 0, removed: 0, changed: 1 });
    expect(project(doc).evidence[0]).toMatchObject({ note: 'Seen in 12 of 20 files 😟 at audit.', tagIds: [tag.value] });
  });
});
