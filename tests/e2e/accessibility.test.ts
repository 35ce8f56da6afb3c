import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildFixtureWorkspace, FIXTURE_PAGES } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { seriousAxeFindings } from './lib/axe';
import { showTab } from './lib/dashboard';
import { tabIdOf, type EvidentBrowser } from './lib/extension';
import type { FixtureServer } from './lib/fixture-server';
import { closeSeeded, launchSeeded } from './lib/seed-workspace';

let server: FixtureServer;
let evident: EvidentBrowser;

/** axe-core on every page of the extension, with a workspace of real clips, a plan, links and tags in it. */
describe('accessibility: no serious or critical axe-core findings on Evident\'s pages', () => {
  beforeAll(async () => {
    const team = await buildFixtureWorkspace(deterministicContext(createRandom(5), 'lead'), { perSource: 3, workspaceId: 'local' });
    ({ server, evident } = await launchSeeded(Y.encodeStateAsUpdate(team.doc)));
  }, 120_000);
  afterAll(() => closeSeeded({ evident, server }));

  it('the dashboard: each tab, a clip\'s detail and the export dialog', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="evidence-item"]').first().waitFor({ timeout: 20_000 });
    expect(await seriousAxeFindings(dashboard, 'evidence list')).toEqual([]);
    await dashboard.locator('[data-testid="evidence-item"]').first().click();
    await dashboard.locator('[data-testid="evidence-detail"]').waitFor();
    expect(await seriousAxeFindings(dashboard, 'clip detail')).toEqual([]);
    for (const tab of ['plan', 'coverage', 'tags', 'activity'] as const) {
      await showTab(dashboard, tab);
      expect(await seriousAxeFindings(dashboard, tab), tab).toEqual([]);
    }
    await dashboard.locator('[data-testid="export-pack"]').click();
    await dashboard.locator('dialog.export-dialog[open]').waitFor();
    expect(await seriousAxeFindings(dashboard, 'export dialog')).toEqual([]);
    await dashboard.close();
  });

  it('the side panel of a page with clips, the popup and the options page', async () => {
    const page = await evident.context.newPage();
    await page.goto(FIXTURE_PAGES[2].url);
    const panel = await evident.extensionPage(`/sidepanel.html?tab=${await tabIdOf(evident, FIXTURE_PAGES[2].url)}`);
    await panel.locator('[data-testid="sidepanel-clip"]').first().waitFor({ timeout: 10_000 });
    expect(await seriousAxeFindings(panel, 'side panel')).toEqual([]);
    const popup = await evident.extensionPage(`/popup.html?tab=${await tabIdOf(evident, FIXTURE_PAGES[2].url)}`);
    await popup.locator('[data-testid="popup-clip-count"]', { hasText: /clip/ }).waitFor();
    expect(await seriousAxeFindings(popup, 'popup')).toEqual([]);
    const options = await evident.extensionPage('/options.html');
    await options.locator('[data-testid="server-url"]').waitFor();
    expect(await seriousAxeFindings(options, 'options')).toEqual([]);
    await Promise.all([panel.close(), popup.close(), options.close(), page.close()]);
  });
});
