import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import * as Y from 'yjs';
import { generatePackWorkspaceDoc } from '../bench/lib/pack-workspace';
import { validateRefiQda, zipTexts } from '../lib/pack-exports';
import { clipPassage, clipStHelensReportPassage, ST_HELENS_PROVIDER_FIXTURE } from './lib/clipping';
import { importPlan } from './lib/dashboard';
import { launchEvident, waitForPdfRedirectRules, type EvidentBrowser } from './lib/extension';
import { readFixture, startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { seedWorkspace } from './lib/seed-workspace';

const REPORT_URL = 'http://files.ofsted.gov.uk/v1/file/ofsted-ilacs-st-helens-2019-text.html';
const WEB_PASSAGE = 'The quality of pathway plans is inconsistent, and not all are up to date';
const PDF_PASSAGE = 'Support for children and families on the edge of care which is timely, responsive';
const TODAY = () => new Date().toISOString().slice(0, 10);

let server: FixtureServer;
let evident: EvidentBrowser;

const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const ask = (page: Page, request: Record<string, unknown>) =>
  page.evaluate((r) => chrome.runtime.sendMessage({ protocol: 1, ...r }), request) as Promise<{ ok: boolean; value?: unknown; error?: string }>;

/** Opens the export dialog, sets the format (and whatever `choose` ticks), exports, and returns the download. */
async function exportPack(dashboard: Page, format: string, choose?: (dialog: ReturnType<Page['locator']>) => Promise<void>): Promise<Download> {
  await dashboard.locator('[data-testid="export-pack"]').click();
  const dialog = dashboard.locator('dialog.export-dialog');
  await dialog.waitFor();
  await dialog.locator('[data-testid="export-format"]').selectOption(format);
  if (choose) await choose(dialog);
  const [download] = await Promise.all([dashboard.waitForEvent('download'), dialog.locator('[data-testid="export-confirm"]').click()]);
  await expect.poll(() => dialog.locator('[data-testid="export-message"]').textContent()).toMatch(/^Saved /);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return download;
}

/** Opens a downloaded HTML pack from file:// with every other request refused, as a reviewer's laptop offline would. */
async function openPackOffline(download: Download): Promise<{ page: Page; requests: string[] }> {
  // Saved under its own name, as a browser saves it: the file's extension tells the browser it is HTML.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'evident-pack-')), download.suggestedFilename());
  await download.saveAs(file);
  const url = pathToFileURL(file).href;
  const page = await evident.context.newPage();
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  await page.locator('[data-testid="pack-search"]').waitFor();
  return { page, requests };
}

describe('evidence packs from the dashboard: provenance, the export dialog, every format', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/provider/44/80560', await readFixture(ST_HELENS_PROVIDER_FIXTURE));
    evident = await launchEvident({ fixturePort: server.port });
    await waitForPdfRedirectRules(evident);
    // What every test here reads: the plan, and a clip of a web page and of a PDF (one test links the web clip; none relies on its links).
    await importPlan(evident);
    await clipPassage(evident, REPORT_URL, 'p:has-text("Most young people have a pathway plan")', WEB_PASSAGE);
    await clipStHelensReportPassage(evident, 3, 'What needs to improve', PDF_PASSAGE);
  });
  afterAll(async () => {
    await evident?.close();
    await server?.close();
  });

  it('keeps each source\'s text and SHA-256 from its first clip, and the clip\'s place in that text', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.locator('[data-testid="export-json"]').click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.schemaVersion).toBe(2);
    expect(exported.sources).toHaveLength(2);
    for (const source of exported.sources) {
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
      const snapshot = exported.snapshots.find((s: { sourceId: string }) => s.sourceId === source.id);
      expect(snapshot.sha256).toBe(source.sha256);
      const clip = exported.evidence.find((e: { sourceId: string }) => e.sourceId === source.id);
      const { start, end } = clip.snapshotSpan;
      expect(words(snapshot.text.slice(start, end))).toBe(words(clip.anchor.quote.exact));
    }
    const pdf = exported.sources.find((s: { kind: string }) => s.kind === 'pdf');
    expect(pdf.sha256).toBe(pdf.pdf.sha256); // a PDF is named by its bytes
    const pdfSnapshot = exported.snapshots.find((s: { sourceId: string }) => s.sourceId === pdf.id);
    expect(pdfSnapshot.pageStarts).toHaveLength(13);
    await dashboard.close();
  });

  it('exports the plan with its evidence as one HTML file that a reviewer opens offline', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    const webClip = await dashboard.locator('[data-testid="evidence-item"]', { hasText: WEB_PASSAGE }).getAttribute('data-evidence-id');
    const actionId = await dashboard.evaluate(async () => {
      const open = indexedDB.open('evident-projection-local');
      const db: IDBDatabase = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
      const actions: Array<{ id: string; reference: string }> = await new Promise((resolve) => {
        const request = db.transaction('actions').objectStore('actions').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return actions.find((a) => a.reference === '4.1')!.id;
    });
    expect((await ask(dashboard, { type: 'evidence-link', ids: [webClip], actionId, assessment: 'impact' })).ok).toBe(true);

    const download = await exportPack(dashboard, 'html');
    expect(download.suggestedFilename()).toBe(`evident-pack-local-${TODAY()}.html`);
    const { page, requests } = await openPackOffline(download);
    const action = page.locator(`[data-testid="pack-action"][data-action-id="${actionId}"]`);
    expect(await action.getAttribute('data-evidence-count')).toBe('1');
    expect(words(await action.locator('[data-testid="pack-quote"]').textContent())).toBe(WEB_PASSAGE);
    // Both clips are in the pack (the PDF one is not linked yet), with their quotes.
    const quotes = (await page.locator('[data-testid="pack-quote"]').allTextContents()).map(words);
    expect(quotes).toEqual(expect.arrayContaining([WEB_PASSAGE, expect.stringContaining(PDF_PASSAGE)]));
    expect(requests).toEqual([]);
    await Promise.all([page.close(), dashboard.close()]);
  });

  it('exports only what is chosen: the current evidence view, or approved evidence only', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    await dashboard.locator('[data-testid="evidence-search"]').fill('edge of care');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(1);
    const view = await exportPack(dashboard, 'html', (d) => d.locator('[data-testid="export-scope-view"]').check());
    const { page } = await openPackOffline(view);
    expect((await page.locator('[data-testid="pack-quote"]').allTextContents()).map(words)).toEqual([expect.stringContaining(PDF_PASSAGE)]);
    await page.close();

    await dashboard.locator('[data-testid="evidence-search"]').fill('');
    const approved = await exportPack(dashboard, 'html', (d) => d.locator('[data-testid="export-approved"]').check());
    const { page: empty } = await openPackOffline(approved);
    await expect.poll(() => empty.locator('[data-testid="pack-action"]').count()).toBeGreaterThan(0);
    expect(await empty.locator('[data-testid="pack-clip"]').count()).toBe(0);
    await Promise.all([empty.close(), dashboard.close()]);
  });

  it('exports the same selection as Word, CSV and REFI-QDA files that read back with every quote', async () => {
    const dashboard = await evident.extensionPage('/dashboard.html');
    await expect.poll(() => dashboard.locator('[data-testid="evidence-item"]').count()).toBe(2);
    const files: Record<string, Uint8Array> = {};
    for (const format of ['docx', 'csv', 'qdc', 'qdpx']) {
      const download = await exportPack(dashboard, format);
      expect(download.suggestedFilename()).toBe(`evident-pack-local-${TODAY()}.${format}`);
      files[format] = new Uint8Array(await readFile((await download.path())!));
    }
    const { value: wordText } = await mammoth.extractRawText({ buffer: Buffer.from(files.docx!) });
    for (const quote of [WEB_PASSAGE, PDF_PASSAGE]) expect(words(wordText)).toContain(quote);
    const csv = Papa.parse<Record<string, string>>(new TextDecoder().decode(files.csv!).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data.map((row) => words(Object.values(row).join(' '))).join('\n')).toContain(WEB_PASSAGE);
    expect((await validateRefiQda('Codebook.xsd', new TextDecoder().decode(files.qdc!))).errors).toEqual([]);
    const project = zipTexts(files.qdpx!)['project.qde']!;
    expect((await validateRefiQda('Project.xsd', project)).errors).toEqual([]);
    await dashboard.close();
  });
});

describe('exporting a large workspace', () => {
  let large: EvidentBrowser;
  let seeds: FixtureServer;
  beforeAll(async () => {
    seeds = await startFixtureServer();
    large = await launchEvident({ fixturePort: seeds.port });
    const doc = await generatePackWorkspaceDoc({ clips: 3000, actions: 60, sources: 60, workspaceId: 'local' });
    await seedWorkspace(large, seeds, Y.encodeStateAsUpdate(doc));
  }, 180_000);
  afterAll(async () => {
    await large?.close();
    await seeds?.close();
  });

  it('shows its progress, and a cancelled export saves nothing', async () => {
    const dashboard = await large.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="export-pack"]').click();
    const dialog = dashboard.locator('dialog.export-dialog');
    let downloads = 0;
    dashboard.on('download', () => downloads++);
    await dialog.locator('[data-testid="export-confirm"]').click();
    await dialog.locator('[data-testid="export-progress"]').waitFor();
    await dialog.locator('[data-testid="export-cancel"]').click();
    await expect.poll(() => dialog.locator('[data-testid="export-message"]').textContent()).toBe('Export cancelled: nothing was saved.');
    expect(await dialog.locator('[data-testid="export-progress"]').count()).toBe(0);

    const [download] = await Promise.all([dashboard.waitForEvent('download', { timeout: 120_000 }), dialog.locator('[data-testid="export-confirm"]').click()]);
    expect(downloads).toBe(1);
    const html = await readFile((await download.path())!, 'utf8');
    expect(html.length).toBeGreaterThan(1_000_000);
    await dashboard.close();
  });
});
