/**
 * The guard rail against a mass delete, end to end: the extension's own copy of a team workspace
 * carries a change that removes the team's clips (as a bug in the extension would write it), the
 * sync server (its own process, a real SQLite file) refuses it, the extension says why and rebuilds
 * its copy from the server's, and nothing is lost: not the team's clips, not the clip the user had
 * just made and the server did not have yet.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { migrateWorkspaceDoc, project } from '../../shared/workspace';
import { saveClip } from '../integration/helpers/clips';
import { metricValue, startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { connectClient, eventually, type SyncClient } from '../integration/helpers/sync-clients';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { clipPassage } from './lib/clipping';
import { evidenceCountLine } from './lib/dashboard';
import { launchEvident, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { joinTeam } from './lib/team';

const WORKSPACE = 'wsx-guard-rail';
/** Past the server's default: it refuses removing more than 50 clips at once. */
const TEAM_CLIPS = 60;
const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
/** Clipped by the user while the server is away, just before the bad change: the server does not have it yet. */
const MY_PASSAGE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';

let server: ServerProcess;
let fixtures: FixtureServer;
let evident: EvidentBrowser;
let teammate: SyncClient;

const teamQuote = (i: number) => `Team clip ${i}: caseloads in the assessment teams remain too high.`;
const liveQuotes = (doc: Y.Doc) => project(doc).evidence.filter((clip) => !clip.deletedAt).map((clip) => clip.quote);
const serverQuotes = async () => {
  const exported = await server.cli(['export', '--workspace', WORKSPACE]);
  return (JSON.parse(exported.stdout).evidence as Array<{ anchor: { quote: { exact: string } }; deletedAt?: string | null }>)
    .filter((clip) => !clip.deletedAt)
    .map((clip) => clip.anchor.quote.exact);
};
const expectedQuotes = () => [...Array.from({ length: TEAM_CLIPS }, (_, i) => teamQuote(i)), MY_PASSAGE].sort();

/** The workspace doc as this browser stores it (y-indexeddb's updates), read from an extension page. */
async function readStoredReplica(page: Page): Promise<Y.Doc> {
  const updates = await page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('updates').objectStore('updates').getAll();
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as Uint8Array[]).map((u) => Array.from(u)));
          };
          read.onerror = () => reject(read.error);
        };
      }),
    `evident-doc-${WORKSPACE}`,
  );
  const doc = new Y.Doc();
  Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, new Uint8Array(u))));
  return doc;
}

/** Appends an update to this browser's stored copy, as the background's y-indexeddb would write one. */
async function appendToStoredReplica(page: Page, update: Uint8Array): Promise<void> {
  await page.evaluate(
    ({ name, bytes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('updates', 'readwrite', { durability: 'strict' });
          tx.objectStore('updates').add(new Uint8Array(bytes));
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: `evident-doc-${WORKSPACE}`, bytes: Array.from(update) },
  );
}

/**
 * Stops the extension's service worker, as Chrome does to an idle one: the next start loads the
 * workspace from this browser's store, the bad change with it.
 */
async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await evident.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

describe('a mass delete from the extension’s own copy of a team workspace', () => {
  beforeAll(async () => {
    server = await startServerProcess(); // the shipped guard rail: at most 50 clips removed at once
    fixtures = await startFixtureServer();
    evident = await launchEvident({ fixturePort: fixtures.port });
    // A teammate (a Node y-websocket client with an editor invite) has clipped the team's evidence.
    teammate = connectClient(server.url, WORKSPACE, (await server.mint(WORKSPACE, 'editor')).token, new Y.Doc(), { maxBackoffTime: 300 });
    await teammate.synced;
    migrateWorkspaceDoc(teammate.doc, WORKSPACE);
    for (let i = 0; i < TEAM_CLIPS; i++) saveClip(teammate.doc, teamQuote(i), deterministicContext(createRandom(i + 1), 'teammate'));
    await eventually(async () => (await serverQuotes()).length === TEAM_CLIPS, 20_000, 'the team’s clips on the server');
    await (await joinTeam(evident, server.url, (await server.mint(WORKSPACE, 'editor')).token, 'Alex Improvement Lead')).close();
  });

  afterAll(async () => {
    teammate?.destroy();
    await evident?.close();
    await fixtures?.close();
    await server?.dispose();
  });

  it('is refused by the server, explained to the user, and the rebuilt copy holds every clip, the one made just before included', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => evidenceCountLine(dashboard).textContent(), { timeout: 30_000 }).toBe(`${TEAM_CLIPS} of ${TEAM_CLIPS} clips`);

    // The server goes away; the user clips a passage, saved in this browser only.
    await server.kill('SIGTERM');
    await clipPassage(evident, PAGE_URL, 'p:has-text("3.2")', MY_PASSAGE);
    await expect.poll(() => evidenceCountLine(dashboard).textContent(), { timeout: 10_000 }).toBe(`${TEAM_CLIPS + 1} of ${TEAM_CLIPS + 1} clips`);

    // The bug: this browser's copy removes the team's clips from the workspace (not the user's own).
    const replica = await readStoredReplica(dashboard);
    const mine = project(replica).evidence.find((clip) => clip.quote === MY_PASSAGE);
    expect(mine, 'the new clip is in this browser’s store').toBeDefined();
    const before = Y.encodeStateVector(replica);
    const evidence = replica.getMap('evidence');
    replica.transact(() => [...evidence.keys()].filter((id) => id !== mine!.id).forEach((id) => evidence.delete(id)));
    expect(evidence.size).toBe(1);
    await appendToStoredReplica(dashboard, Y.encodeStateAsUpdate(replica, before));
    replica.destroy();
    await stopServiceWorker(dashboard);
    await dashboard.close();

    // The server comes back; the user opens the dashboard, which wakes the worker: it loads its copy and sends it.
    await server.restart();
    const woken = await evident.extensionPage('/dashboard.html');
    const options = await evident.extensionPage('/options.html');
    onTestFailed(async () => {
      const shown = await options.locator('#team-sync-heading + p').textContent().catch(() => '(options page gone)');
      console.error(`options page: ${shown}\nserver:\n${server.output().slice(-3000)}`);
    });
    const notice = options.locator('[data-testid="sync-notice"]');
    await notice.waitFor({ timeout: 45_000 });
    expect(await notice.textContent()).toMatch(
      new RegExp(`^This change would remove ${TEAM_CLIPS} clips from the workspace at once; the server allows at most 50\\. Nothing of it was stored\\. ` +
        `This browser's copy of the workspace was rebuilt from the server's\\. The ${TEAM_CLIPS} clips it would have removed are back, and your other changes were kept\\.$`),
    );
    await expect.poll(() => options.locator('[data-testid="sync-status"]').first().textContent(), { timeout: 30_000 }).toBe('synced');
    expect(await metricValue(server, 'evident_sync_writes_refused_total', { reason: 'mass-delete' })).toBe(1);

    // Nothing lost: the teammate and the database hold every clip, the user's new one included.
    await eventually(() => liveQuotes(teammate.doc).length === TEAM_CLIPS + 1, 20_000, 'the user’s clip at the teammate');
    expect(liveQuotes(teammate.doc).sort()).toEqual(expectedQuotes());
    expect((await serverQuotes()).sort()).toEqual(expectedQuotes());

    // And locally, from the rebuilt store: after a reload the dashboard lists every clip again.
    const reloaded = await evident.extensionPage('/dashboard.html');
    await reloaded.reload();
    await expect.poll(() => evidenceCountLine(reloaded).textContent(), { timeout: 30_000 }).toBe(`${TEAM_CLIPS + 1} of ${TEAM_CLIPS + 1} clips`);
    await reloaded.locator('[data-testid="evidence-item"]', { hasText: MY_PASSAGE.slice(0, 60) }).waitFor();
    const stored = await readStoredReplica(reloaded);
    expect(liveQuotes(stored).sort()).toEqual(expectedQuotes());
    stored.destroy();
    await Promise.all([woken.close(), options.close(), reloaded.close()]);
  });
});
