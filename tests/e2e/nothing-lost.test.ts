import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { clipPassage } from './lib/clipping';
import { launchEvident, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { joinTeam } from './lib/team';

const PAGE_URL = 'http://democracy.westsussex.gov.uk/documents/s12345/wsx-cyps-select-2019-05-15-ofsted-inspection.html';
const ONLINE = 'The Improvement Board will take the primary responsibility for managing and overseeing the implementation of the improvement plan';
const OFFLINE = 'The Cabinet Member retains the statutory responsibility';

let server: ServerProcess;
let fixtures: FixtureServer;

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
const serverQuotes = async (workspace: string) => {
  const exported = await server.cli(['export', '--workspace', workspace]);
  return (JSON.parse(exported.stdout).evidence as Array<{ anchor: { quote: { exact: string } } }>).map((e) => e.anchor.quote.exact);
};

/** A browser of its own joined to a workspace of its own: what one describe deletes or leaves, the other never sees. */
function useJoinedBrowser(workspace: string): { evident: () => EvidentBrowser; invite: () => string } {
  let evident: EvidentBrowser;
  let invite: string;
  beforeAll(async () => {
    evident = await launchEvident({ fixturePort: fixtures.port });
    invite = (await server.mint(workspace, 'editor')).token;
    await (await joinTeam(evident, server.url, invite)).close();
  });
  afterAll(async () => {
    await evident?.close();
  });
  return { evident: () => evident, invite: () => invite };
}

describe('nothing lost by a click: deleting a clip, leaving a workspace', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    fixtures = await startFixtureServer();
  });
  afterAll(async () => {
    await fixtures?.close();
    await server?.dispose();
  });

  describe('deleting a clip', () => {
    const WORKSPACE = 'wsx-undo';
    const joined = useJoinedBrowser(WORKSPACE);

    it('undoes a deletion at once, and restores an older one from the recently deleted clips', async () => {
      const evident = joined.evident();
      await clipPassage(evident, PAGE_URL, 'p:has-text("3.2")', ONLINE);
      const dashboard = await evident.extensionPage('/dashboard.html');
      const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: ONLINE.slice(0, 50) });
      await expect.poll(() => item.count()).toBe(1);
      await item.click();
      await dashboard.locator('[data-testid="delete-clip"]').click();
      await dashboard.locator('[data-testid="deleted-banner"]').waitFor();
      await expect.poll(() => dashboard.locator('[data-testid="evidence-count"]').textContent()).toBe('0 of 0 clips');
      await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(0);
      await dashboard.locator('[data-testid="restore-clip"]').click();
      await expect.poll(() => item.count()).toBe(1);

      // Deleted some time ago, the detail closed: the recently deleted clips list it, newest first.
      await item.click();
      await dashboard.locator('[data-testid="delete-clip"]').click();
      await dashboard.locator('[data-testid="deleted-banner"]').waitFor();
      await dashboard.locator('[data-testid="close-detail"]').click();
      await dashboard.locator('[data-testid="show-deleted"]').check();
      await expect.poll(() => dashboard.locator('[data-testid="evidence-count"]').textContent()).toMatch(/^1 deleted clip/);
      await item.click();
      await dashboard.locator('[data-testid="restore-clip"]').click();
      await dashboard.locator('[data-testid="show-deleted"]').uncheck();
      await expect.poll(() => item.count()).toBe(1);
      // (Polled: after another test restarts the server, this browser reconnects after a while.)
      await expect.poll(() => serverQuotes(WORKSPACE), { timeout: 30_000 }).toContain(ONLINE);
      await dashboard.close();
    });
  });

  describe('leaving a workspace', () => {
    const WORKSPACE = 'wsx-keep';
    const joined = useJoinedBrowser(WORKSPACE);

    it('asks before leaving, says what the server has not confirmed, and keeps the copy until deleted', async () => {
      const evident = joined.evident();
      await server.kill('SIGTERM');
      await clipPassage(evident, PAGE_URL, 'p:has-text("3.3")', OFFLINE); // made while the server is down: only this browser has it
      const options = await evident.extensionPage('/options.html');
      const row = options.locator(`[data-testid="workspace-row"][data-workspace-id="${WORKSPACE}"]`);
      await row.locator('[data-testid="workspace-leave"]').click();
      const confirm = row.locator('[data-testid="leave-confirm"]');
      // The server cannot say what it has: an upper bound since it last answered, which includes the offline clip.
      await expect.poll(() => confirm.locator('[data-testid="leave-pending"]').textContent(), { timeout: 15_000 }).toMatch(/^The server cannot be reached to ask: up to \d+ changes made in this browser since it last answered may not have reached it/);
      await confirm.locator('[data-testid="leave-confirm-button"]').click();
      const left = options.locator(`[data-testid="left-workspace"][data-workspace-id="${WORKSPACE}"]`);
      await expect.poll(() => left.textContent(), { timeout: 15_000 }).toMatch(/\(up to \d+ changes may not have reached the server\)/);
      expect(await row.count()).toBe(0);
      expect(await databases(options)).toEqual(expect.arrayContaining([`evident-doc-${WORKSPACE}`, `evident-projection-${WORKSPACE}`]));

      // Joining again picks the copy up: the clip made offline reaches the server.
      await server.restart();
      await options.close();
      const rejoined = await joinTeam(evident, server.url, joined.invite());
      await expect.poll(() => serverQuotes(WORKSPACE), { timeout: 30_000 }).toContain(OFFLINE);
      expect(await rejoined.locator(`[data-testid="left-workspace"][data-workspace-id="${WORKSPACE}"]`).count()).toBe(0);

      // Now the server has everything: leaving says so, and the copy goes only when asked, twice.
      const again = rejoined.locator(`[data-testid="workspace-row"][data-workspace-id="${WORKSPACE}"]`);
      await again.locator('[data-testid="workspace-leave"]').click();
      await expect.poll(() => again.locator('[data-testid="leave-pending"]').textContent(), { timeout: 15_000 }).toBe('The server has every change made in this browser.');
      await again.locator('[data-testid="leave-confirm-button"]').click();
      const gone = rejoined.locator(`[data-testid="left-workspace"][data-workspace-id="${WORKSPACE}"]`);
      await gone.locator('[data-testid="forget-workspace"]').click();
      await gone.locator('[data-testid="forget-confirm"]').click();
      await expect.poll(() => databases(rejoined)).not.toContain(`evident-doc-${WORKSPACE}`);
      expect(await databases(rejoined)).not.toContain(`evident-projection-${WORKSPACE}`);
      await rejoined.close();
    });
  });
});
