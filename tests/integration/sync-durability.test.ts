import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { createTag, migrateWorkspaceDoc, project, setEvidenceNote, tagEvidence } from '../../shared/workspace';
import { createRandom, seedsFor, type Random } from '../lib/random';
import { applyRandomMutation, deterministicContext } from '../lib/workspace-ops';
import { hasClip, saveClip } from './helpers/clips';
import { docOfEveryEdit, receivedButNotStored, recordTraffic, updatesNotIn } from './helpers/received-updates';
import { replicaState, storedDoc } from './helpers/replica-state';
import type { ServerProcess } from './helpers/server-process';
import { joinAsEditor, startServerFor, useCleanups } from './helpers/test-cleanups';
import { connectAckedClient, type AckedClient } from './helpers/stored-acks';
import { eventually, type SyncClient } from './helpers/sync-clients';
import { exitWorkerThreadOf, inspectorUrlIn } from './helpers/worker-inspector';

const cleanups = useCleanups();
const startServer = (env: Record<string, string> = {}) => startServerFor(cleanups, env);
/** A y-websocket client on `workspace`, synced; it reconnects within 300 ms of a server coming back. */
const join = (server: ServerProcess, workspace: string) => joinAsEditor(server, workspace, cleanups);

const sameWorkspace = (...docs: Y.Doc[]) => new Set(docs.map((doc) => JSON.stringify(replicaState(doc)))).size === 1;
/** A cheap first test for polling: the same state vectors (what each has seen), not yet the same content. */
const sameStateVector = (...docs: Y.Doc[]) => new Set(docs.map((doc) => replicaState(doc, { projection: false }).stateVector)).size === 1;
const clipIn = (doc: Y.Doc, id: string) => project(doc).evidence.find((clip) => clip.id === id);
const tagNamesIn = (doc: Y.Doc) => project(doc).tags.map((tag) => tag.name);

it("offline edits merge on reconnect: both people's changes to the same clip (tags, note at different places) and to other records survive, at both and in the database", async () => {
  const server = await startServer();
  const workspace = 'offline-merge';
  const alice = await join(server, workspace);
  const asAlice = deterministicContext(createRandom(1), 'alice');
  const asBob = deterministicContext(createRandom(2), 'bob');
  migrateWorkspaceDoc(alice.doc, workspace);
  const clipId = saveClip(alice.doc, 'Caseloads in the assessment teams remain too high.', asAlice);
  setEvidenceNote(alice.doc, asAlice, clipId, 'Raised at the March meeting.');
  const drift = createTag(alice.doc, asAlice, { name: 'drift' });
  const caseloads = createTag(alice.doc, asAlice, { name: 'caseloads' });
  if (!drift.ok || !caseloads.ok) throw new Error('test tags not created');
  const bob = await join(server, workspace);
  await eventually(() => sameWorkspace(alice.doc, bob.doc), 5000, 'bob to have the clip');

  bob.provider.disconnect();
  tagEvidence(alice.doc, asAlice, clipId, drift.value);
  setEvidenceNote(alice.doc, asAlice, clipId, 'Checked: Raised at the March meeting.');
  saveClip(alice.doc, 'Written by alice while bob was offline.', asAlice);
  tagEvidence(bob.doc, asBob, clipId, caseloads.value);
  setEvidenceNote(bob.doc, asBob, clipId, 'Raised at the March meeting. Minutes, item 4.');
  createTag(bob.doc, asBob, { name: 'written offline' });
  expect(clipIn(alice.doc, clipId)!.tagIds).toEqual([drift.value]); // nothing of bob's got through

  bob.provider.connect();
  await eventually(() => sameWorkspace(alice.doc, bob.doc), 10_000, 'alice and bob to converge after bob reconnects');
  for (const [where, doc] of [['alice', alice.doc], ['bob', bob.doc], ['the database', storedDoc(server, workspace)]] as const) {
    const clip = clipIn(doc, clipId)!;
    expect(clip.note, where).toBe('Checked: Raised at the March meeting. Minutes, item 4.');
    expect([...clip.tagIds].sort(), where).toEqual([drift.value, caseloads.value].sort());
    expect(hasClip(doc, 'Written by alice while bob was offline.'), where).toBe(true);
    expect(tagNamesIn(doc), where).toContain('written offline');
  }
});

/**
 * Random domain mutations in a tight loop until `isDone`, with a timer tick between them (0–2 ms) so
 * sockets are served: three writers at several hundred writes a second each keep the server's
 * appends (one fsync each) busy, so a kill lands mid-append, mid-broadcast or mid-compaction.
 */
async function keepWriting(client: SyncClient, actor: string, random: Random, isDone: () => boolean): Promise<number> {
  const ctx = deterministicContext(random, actor);
  let writes = 0;
  while (!isDone()) {
    applyRandomMutation(client.doc, ctx, random);
    writes++;
    await sleep(random.int(0, 2));
  }
  return writes;
}

const KILLS = 4;

// Both commit modes (config.ts `synchronous`): with `normal`, a commit is in the WAL, not yet on the
// disk, when its updates are broadcast; a killed process must lose none of it either.
const DURABILITY_CASES = seedsFor(1).flatMap((seed) => (['full', 'normal'] as const).map((synchronous) => [synchronous, seed] as const));

it.each(DURABILITY_CASES)(
  'a server killed with SIGKILL under write load loses nothing any client had seen, and writers carry on after it restarts (synchronous=%s, seed %i)',
  async (synchronous, seed) => {
    const random = createRandom(seed);
    // The rate limit would slow these writers to 100 updates/s each: lifted, so the kills land under heavier load.
    // A low compaction threshold, so kills also land during compactions.
    const server = await startServer({
      EVIDENT_RATE_BURST: '1000000',
      EVIDENT_RATE_PER_SECOND: '1000000',
      EVIDENT_COMPACT_ENTRIES: '200',
      EVIDENT_SYNCHRONOUS: synchronous,
    });
    expect(server.output(), 'the mode the server says it runs in').toContain(`synchronous=${synchronous}`);
    const workspace = 'kill-under-load';
    const figures: string[] = [];
    onTestFailed(() => console.error(`sync-durability failed with seed ${seed}; replay with EVIDENT_SEED=${seed}\n  ${figures.join('\n  ')}\n${server.output().slice(-2000)}`));

    const writers = [await join(server, workspace), await join(server, workspace), await join(server, workspace)];
    const observer = await join(server, workspace);
    const traffic = [observer, ...writers].map(recordTraffic);
    const observed = traffic[0]!;
    migrateWorkspaceDoc(writers[0]!.doc, workspace);
    await eventually(() => sameWorkspace(observer.doc, ...writers.map((w) => w.doc)), 5000, 'the migrated workspace everywhere');

    let isDone = false;
    const writing = writers.map((writer, i) => keepWriting(writer, `w${i}`, createRandom(seed + 1 + i), () => isDone));
    let missingTotal = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      await sleep(random.int(300, 1000));
      await server.kill('SIGKILL');
      // Once its socket has closed, the observer has taken every frame the server managed to send.
      await eventually(() => !observer.provider.wsconnected, 5000, 'the observer to see the server gone');
      // Before the restart: once clients reconnect, they would upload whatever the server lost.
      const stored = storedDoc(server, workspace);
      const missing = receivedButNotStored(stored, observed);
      const missingAtWriters = traffic.slice(1).flatMap((t) => receivedButNotStored(stored, t));
      const storedNow = Y.snapshot(stored);
      const unstoredWrites = traffic.slice(1).reduce((sum, { own }) => sum + own.filter((u) => !Y.snapshotContainsUpdate(storedNow, u)).length, 0);
      missingTotal += missing.length + missingAtWriters.length;
      figures.push(
        `kill ${kill}: the observer had received ${observed.received.length} updates, ${missing.length} missing from the database ` +
          `(writers: ${missingAtWriters.length} missing); ${unstoredWrites} writes not in it (in flight at the kill, or made since), for their writers to re-send`,
      );
      expect(missing, `kill ${kill}: updates the observer had received but the database lacks (seed ${seed})`).toEqual([]);
      expect(missingAtWriters, `kill ${kill}: updates writers had received but the database lacks (seed ${seed})`).toEqual([]);
      await server.restart();
      await eventually(() => [observer, ...writers].every((c) => c.provider.synced), 10_000, `everyone to reconnect after kill ${kill}`);
    }
    isDone = true;
    const writes = await Promise.all(writing);

    // The writers' later edits land, and so does everything they wrote while the server was down.
    const lastClips = writers.map((writer, i) => saveClip(writer.doc, `Written by w${i} after ${KILLS} kills.`, deterministicContext(createRandom(i), `w${i}`)));
    const docs = [observer, ...writers].map((c) => c.doc);
    await eventually(() => lastClips.every((id) => observer.doc.getMap('evidence').has(id)), 30_000, 'the writers’ last clips at the observer');
    await eventually(() => sameStateVector(...docs), 30_000, 'everyone to have seen the same writes');
    await eventually(() => sameWorkspace(...docs), 5000, 'everyone to hold the same workspace');
    lastClips.forEach((id, i) => expect(clipIn(observer.doc, id)?.quote).toBe(`Written by w${i} after ${KILLS} kills.`));
    const expected = replicaState(observer.doc);
    expect(replicaState(docOfEveryEdit(traffic)), 'every write any writer made').toEqual(expected);
    expect(replicaState(storedDoc(server, workspace)), 'the database').toEqual(expected);

    console.log(
      `sync-durability synchronous=${synchronous} seed ${seed}: ${KILLS} kills under ${writes.join(' + ')} writes; observer received ${observed.received.length} updates; missing ${missingTotal}\n  ${figures.join('\n  ')}`,
    );
  },
  120_000,
);

it('a server whose committer thread dies under write load exits 1 saying why, loses nothing any client had seen, and everyone converges after its restart', async () => {
  const seed = seedsFor(1)[0]!;
  // The inspector, so the test can end one thread of the server from outside (helpers/worker-inspector.ts).
  const server = await startServer({
    EVIDENT_RATE_BURST: '1000000',
    EVIDENT_RATE_PER_SECOND: '1000000',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim(),
  });
  const workspace = 'committer-dies';
  onTestFailed(() => console.error(`replay with EVIDENT_SEED=${seed}\n${server.output().slice(-2000)}`));
  const writers = [await join(server, workspace), await join(server, workspace)];
  const observer = await join(server, workspace);
  const traffic = [observer, ...writers].map(recordTraffic);
  migrateWorkspaceDoc(writers[0]!.doc, workspace);
  await eventually(() => sameWorkspace(observer.doc, ...writers.map((w) => w.doc)), 5000, 'the migrated workspace everywhere');

  let isDone = false;
  const writing = writers.map((writer, i) => keepWriting(writer, `w${i}`, createRandom(seed + 1 + i), () => isDone));
  await sleep(500);
  const inspector = inspectorUrlIn(server.output());
  expect(inspector, 'the server announced its inspector').not.toBeNull();
  await exitWorkerThreadOf(inspector!, 'evident-store-committer');

  // Nothing can be stored any more: the server shuts down and exits 1 for its supervisor to restart it.
  expect(await server.exited()).toEqual({ code: 1, signal: null });
  expect(server.output()).toContain('cannot store updates (store committer exited (1)), shutting down');
  await eventually(() => !observer.provider.wsconnected, 5000, 'the observer to see the server gone');
  const stored = storedDoc(server, workspace);
  expect(receivedButNotStored(stored, traffic[0]!), 'updates the observer had received but the database lacks').toEqual([]);
  for (const t of traffic.slice(1)) expect(receivedButNotStored(stored, t), 'updates a writer had received but the database lacks').toEqual([]);

  const storedNow = Y.snapshot(stored);
  const unstored = traffic.slice(1).reduce((sum, { own }) => sum + own.filter((u) => !Y.snapshotContainsUpdate(storedNow, u)).length, 0);
  await server.restart();
  isDone = true;
  const writes = await Promise.all(writing);
  const docs = [observer, ...writers].map((c) => c.doc);
  await eventually(() => sameStateVector(...docs), 30_000, 'everyone to have seen the same writes');
  await eventually(() => sameWorkspace(...docs), 5000, 'everyone to hold the same workspace');
  const expected = replicaState(observer.doc);
  expect(replicaState(docOfEveryEdit(traffic)), 'every write any writer made').toEqual(expected);
  await eventually(() => JSON.stringify(replicaState(storedDoc(server, workspace))) === JSON.stringify(expected), 10_000, 'the database to hold it all');
  console.log(
    `sync-durability committer death (seed ${seed}): ${writes.join(' + ')} writes; the observer had received ${traffic[0]!.received.length} updates, all stored; ${unstored} writes not stored at the death, re-sent by their writers after the restart`,
  );
});

const ACKED_WRITERS = 10;
const ACKED_KILLS = 20;

/**
 * Random domain mutations while `writing.isOn`, 0–8 ms apart: each writer tries ~250 writes a second,
 * past the server's default rate (100 a second, bursts of 200), so the server is slowing them (not
 * reading their sockets) when a kill lands. Paused while the test checks the database and restarts
 * the server: the writers share this process, and the checks and the restart want the cores.
 */
async function keepWritingPaced(client: AckedClient, actor: string, random: Random, writing: { isOn: boolean; isDone: boolean }): Promise<number> {
  const ctx = deterministicContext(random, actor);
  let writes = 0;
  while (!writing.isDone) {
    if (writing.isOn) {
      applyRandomMutation(client.doc, ctx, random);
      writes++;
    }
    await sleep(random.int(0, 8));
  }
  return writes;
}

/**
 * A client's updates merged as they come, so each check merges only what is new since the last:
 * merging everything every time grows with the run (seconds per kill by the end).
 */
class MergedSoFar {
  private merged: Uint8Array | null = null;
  add(updates: Uint8Array[]): void {
    if (updates.length > 0) this.merged = Y.mergeUpdates(this.merged ? [this.merged, ...updates] : updates);
  }
  /** Whether `stored` holds all of them (false can also mean a gap between them: then check one by one). */
  isIn(stored: Y.Snapshot): boolean {
    return this.merged === null || Y.snapshotContainsUpdate(stored, this.merged);
  }
}

it.each(seedsFor(1))(
  `on its default limits, a server killed with SIGKILL ${ACKED_KILLS} times under write load from ${ACKED_WRITERS} clients loses nothing any client was told stored, nor anything any client received (seed %i)`,
  async (seed) => {
    const random = createRandom(seed);
    const server = await startServer(); // the shipped defaults: rate, backlog, compaction, synchronous=full
    const workspace = 'told-stored';
    const figures: string[] = [];
    onTestFailed(() => console.error(`sync-durability (told stored) failed with seed ${seed}; replay with EVIDENT_SEED=${seed}\n  ${figures.join('\n  ')}\n${server.output().slice(-2000)}`));

    const token = (await server.mint(workspace, 'editor')).token;
    const clients = Array.from({ length: ACKED_WRITERS }, () => {
      const client = connectAckedClient(server.url, workspace, token, { maxBackoffTime: 300 });
      cleanups.push(() => client.destroy());
      return client;
    });
    await Promise.all(clients.map((c) => c.synced));
    const traffic = clients.map(recordTraffic);
    const docs = clients.map((c) => c.doc);
    migrateWorkspaceDoc(docs[0]!, workspace);
    await eventually(() => sameWorkspace(...docs), 5000, 'the migrated workspace everywhere');

    const told = clients.map(() => new MergedSoFar());
    const received = traffic.map(() => ({ merged: new MergedSoFar(), taken: 0 }));
    const writing = { isOn: true, isDone: false };
    const writers = clients.map((client, i) => keepWritingPaced(client, `w${i}`, createRandom(seed + 1 + i), writing));
    let toldChecked = 0;
    let missingTotal = 0;
    for (let kill = 1; kill <= ACKED_KILLS; kill++) {
      await sleep(random.int(200, 1000));
      await server.kill('SIGKILL');
      writing.isOn = false;
      // Once their sockets have closed, clients have taken every report and update the server sent.
      await eventually(() => clients.every((c) => !c.provider.wsconnected), 5000, `every client to see the server gone (kill ${kill})`);
      // Before the restart: once clients reconnect, they would upload whatever the server lost.
      const stored = storedDoc(server, workspace);
      const storedNow = Y.snapshot(stored);
      let missingTold = 0;
      let missingReceived = 0;
      clients.forEach((client, i) => {
        told[i]!.add(client.acks.takeNewlyTold());
        if (!told[i]!.isIn(storedNow)) missingTold += updatesNotIn(storedNow, client.acks.toldStored).length;
        const t = traffic[i]!;
        received[i]!.merged.add(t.received.slice(received[i]!.taken));
        received[i]!.taken = t.received.length;
        if (!received[i]!.merged.isIn(storedNow)) missingReceived += receivedButNotStored(stored, t).length;
      });
      stored.destroy();
      const toldNow = clients.reduce((sum, c) => sum + c.acks.toldStored.length, 0);
      const made = clients.reduce((sum, c) => sum + c.acks.own.length, 0);
      toldChecked += toldNow;
      missingTotal += missingTold + missingReceived;
      figures.push(`kill ${kill}: ${made} edits made, ${toldNow} told stored: ${missingTold} of those missing; ${missingReceived} received updates missing`);
      expect(missingTold, `kill ${kill}: edits the server had said were stored but the database lacks (seed ${seed})`).toBe(0);
      expect(missingReceived, `kill ${kill}: updates clients had received but the database lacks (seed ${seed})`).toBe(0);
      await server.restart();
      await eventually(() => clients.every((c) => c.provider.synced), 15_000, `everyone to reconnect after kill ${kill}`);
      writing.isOn = true;
    }
    writing.isDone = true;
    const writes = await Promise.all(writers);

    // Everything anyone wrote, the writes the kills cut off included, reaches everyone and the database.
    await eventually(() => sameStateVector(...docs), 60_000, 'everyone to have seen the same writes');
    await eventually(() => sameWorkspace(...docs), 5000, 'everyone to hold the same workspace');
    const expected = replicaState(docs[0]!);
    expect(replicaState(docOfEveryEdit(traffic)), 'every write any writer made').toEqual(expected);
    await eventually(() => clients.every((c) => c.acks.own.every((edit) => edit.isToldStored)), 10_000, 'every edit told stored');
    expect(replicaState(storedDoc(server, workspace)), 'the database').toEqual(expected);
    const reports = clients.reduce((sum, c) => sum + c.acks.reports, 0);
    console.log(
      `sync-durability told-stored (defaults, seed ${seed}): ${ACKED_KILLS} kills under ${writes.reduce((a, b) => a + b, 0)} writes from ${ACKED_WRITERS} clients; ` +
        `${reports} stored reports; ${toldChecked} told-stored edits checked over the kills; missing ${missingTotal}\n  ${figures.join('\n  ')}`,
    );
  },
  150_000,
);
