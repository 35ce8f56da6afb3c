import { launchEvident, type EvidentBrowser } from './extension';
import { startFixtureServer, type FixtureServer } from './fixture-server';

/**
 * Puts a whole workspace doc (one Yjs update) into the extension's local store for workspace
 * `local`, as y-indexeddb keeps it, before the background has loaded that workspace: tests and
 * benchmarks start from a large workspace without clipping it passage by passage. The update is
 * served by the fixture server, since an extension page cannot be handed megabytes through evaluate.
 */
export async function seedWorkspace(evident: EvidentBrowser, server: FixtureServer, update: Uint8Array): Promise<void> {
  server.route('/seed/workspace.bin', update, 'application/octet-stream');
  // The options page does not ask the background to load the doc, so the seed is read on first load.
  const page = await evident.extensionPage('/options.html');
  await page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('evident-doc-local');
      open.onupgradeneeded = () => {
        open.result.createObjectStore('updates', { autoIncrement: true });
        open.result.createObjectStore('custom');
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(bytes);
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, `http://127.0.0.1:${server.port}/seed/workspace.bin`);
  await page.close();
}

/**
 * Has the background load a seeded workspace, as opening the dashboard does, and waits until the
 * dashboard lists its clips: until then the side panel and the pages know none of them. For tests
 * that start on another page than the dashboard.
 */
export async function openSeededWorkspace(evident: EvidentBrowser): Promise<void> {
  const dashboard = await evident.extensionPage('/dashboard.html');
  await dashboard.locator('[data-testid="evidence-item"]').first().waitFor({ timeout: 60_000 });
  await dashboard.close();
}

export interface SeededBrowser {
  server: FixtureServer;
  evident: EvidentBrowser;
}

/**
 * A fixture server and the packaged extension in Chromium, with `update` seeded as workspace
 * `local` and loaded (openSeededWorkspace). `beforeSeed` runs on the fresh browser first (e.g. to
 * watch for dialogs). Close both with closeSeeded.
 */
export async function launchSeeded(
  update: Uint8Array,
  { locale, beforeSeed }: { locale?: string; beforeSeed?: (evident: EvidentBrowser) => void } = {},
): Promise<SeededBrowser> {
  const server = await startFixtureServer();
  try {
    const evident = await launchEvident({ fixturePort: server.port, ...(locale ? { locale } : {}) });
    beforeSeed?.(evident);
    await seedWorkspace(evident, server, update);
    await openSeededWorkspace(evident);
    return { server, evident };
  } catch (e) {
    await server.close();
    throw e;
  }
}

export async function closeSeeded({ evident, server }: Partial<SeededBrowser>): Promise<void> {
  await evident?.close();
  await server?.close();
}
