/**
 * Exporting an evidence pack from the dashboard, in Chromium with the built extension, as a team lead
 * does before a board meeting: 10,000 clips over 200 actions from 300 sources (each with its ~60 KB
 * text snapshot). Time from pressing Export to the download, per format, with the file's size. The
 * reference in the same run and browser is the dashboard's Export JSON of the same workspace (the
 * export Evident had before packs): it reads the same doc and writes every record, but no pack.
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { launchEvident } from '../e2e/lib/extension';
import { startFixtureServer } from '../e2e/lib/fixture-server';
import { seedWorkspace } from '../e2e/lib/seed-workspace';
import { generatePackWorkspaceDoc } from './lib/pack-workspace';
import { median, printTable, type BenchRow } from './lib/report';

const CLIPS = 10_000;
const ACTIONS = 200;
const SOURCES = 300;
const RUNS = 3;
const TARGET_MS: Record<string, number> = { html: 3000, docx: 10_000 };

/** Presses a button that downloads a file; the time until the download starts, and the file's size. */
async function timeDownload(page: Page, press: () => Promise<void>): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), press()]);
  const ms = performance.now() - started;
  return { ms, bytes: statSync((await download.path())!).size };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await startFixtureServer();
  try {
    const built = performance.now();
    const doc = await generatePackWorkspaceDoc({ clips: CLIPS, actions: ACTIONS, sources: SOURCES, workspaceId: 'local' });
    const update = Y.encodeStateAsUpdate(doc);
    const seconds = (performance.now() - built) / 1000;
    const evident = await launchEvident({ fixturePort: server.port });
    await seedWorkspace(evident, server, update);
    const dashboard = await evident.extensionPage('/dashboard.html');
    await dashboard.locator('[data-testid="evidence-count"]', { hasText: `of ${CLIPS}` }).waitFor({ timeout: 120_000 });
    const workload = `${CLIPS.toLocaleString('en-GB')} clips, ${ACTIONS} actions, ${SOURCES} sources (${(update.length / 1e6).toFixed(1)} MB doc, built in ${seconds.toFixed(0)} s)`;

    const json: number[] = [];
    for (let i = 0; i < RUNS; i++) json.push((await timeDownload(dashboard, () => dashboard.locator('[data-testid="export-json"]').click())).ms);
    const reference = { name: 'Export JSON, same workspace', value: median(json) };
    rows.push({ benchmark: 'pack export', case: workload, metric: 'Export JSON (reference) median', value: reference.value, unit: 'ms' });

    const dialog = dashboard.locator('dialog.export-dialog');
    for (const format of ['html', 'docx', 'csv', 'qdpx'] as const) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        await dashboard.locator('[data-testid="export-pack"]').click();
        await dialog.locator('[data-testid="export-format"]').selectOption(format);
        const result = await timeDownload(dashboard, () => dialog.locator('[data-testid="export-confirm"]').click());
        await dialog.getByRole('button', { name: 'Close' }).click();
        times.push(result.ms);
        bytes = result.bytes;
      }
      const value = median(times);
      const target = TARGET_MS[format];
      rows.push({
        benchmark: 'pack export',
        case: `${format.toUpperCase()}, ${workload}, median of ${RUNS}`,
        metric: 'Export pressed → download',
        value,
        unit: 'ms',
        ...(target ? { target: `<= ${target}`, pass: value <= target } : {}),
        reference,
        ratio: value / reference.value,
      });
      rows.push({ benchmark: 'pack export', case: `${format.toUpperCase()}, ${workload}`, metric: 'file size', value: bytes / 1e6, unit: 'MB' });
    }
    await evident.close();
  } finally {
    await server.close();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await run());
}
