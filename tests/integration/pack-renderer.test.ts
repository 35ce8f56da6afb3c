import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrateWorkspaceDoc } from '../../shared/workspace';
import { createSyncMetrics } from '../../sync-server/http/metrics';
import { createLogger } from '../../sync-server/log';
import { createPackRenderer, type PackRenderer } from '../../sync-server/pack/pack-renderer';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { saveClip } from './helpers/clips';
import { exitWorkerThreadHere } from './helpers/worker-inspector';

// The pack renderer as the server uses it: a real worker thread (through tsx, as from the bin) with
// its own connection to a database the test seeds through another.
let dir: string;
let dbPath: string;
const renderers: PackRenderer[] = [];
const QUOTES = { 'ws-a': 'Audits show supervision now happens every four weeks', 'ws-b': 'Caseloads fell below twenty per social worker' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evident-pack-renderer-'));
  dbPath = join(dir, 'evident.sqlite');
  const store = openSqliteStore(dbPath);
  for (const [workspace, quote] of Object.entries(QUOTES)) {
    const doc = new Y.Doc();
    migrateWorkspaceDoc(doc, workspace);
    saveClip(doc, quote);
    store.appendUpdate(workspace, Y.encodeStateAsUpdate(doc));
  }
  store.close();
});
afterEach(async () => {
  for (const renderer of renderers.splice(0)) await renderer.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: { maxWaiting?: number; timeoutMs?: number } = {}) {
  const metrics = createSyncMetrics();
  const renderer = createPackRenderer({ source: { kind: 'sqlite', dbPath }, metrics, log: createLogger('silent'), ...options });
  renderers.push(renderer);
  const renders = async () => (await metrics.packRenderSeconds.get()).values.find((v) => v.metricName === 'evident_sync_pack_render_seconds_count')?.value ?? 0;
  return { renderer, renders };
}

const htmlOf = (pack: Awaited<ReturnType<PackRenderer['render']>>) => {
  if (!pack.ok) throw new Error(`no pack: ${pack.error}`);
  const { body, encoding } = pack.value;
  return Buffer.from(encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
};

describe('the pack renderer', () => {
  it('makes a workspace’s pack from the store on its worker, gzipped when asked, with its CSP', async () => {
    const { renderer } = open();
    const plain = await renderer.render('ws-a', { gzip: false });
    expect(htmlOf(plain)).toContain(QUOTES['ws-a']);
    expect(htmlOf(plain)).not.toContain(QUOTES['ws-b']);
    const zipped = await renderer.render('ws-a', { gzip: true });
    expect(zipped.ok && zipped.value.encoding).toBe('gzip');
    expect(htmlOf(zipped)).toContain(QUOTES['ws-a']);
    expect(plain.ok && plain.value.csp).toContain("frame-ancestors 'none'");
  });

  it('shares one pack among requests for a workspace that arrive while another is waiting to start', async () => {
    const { renderer, renders } = open();
    const first = renderer.render('ws-a', { gzip: true }); // starts at once
    const waiting = await Promise.all([1, 2, 3].map(() => renderer.render('ws-a', { gzip: true })));
    expect(waiting[1]).toBe(waiting[0]);
    expect(waiting[2]).toBe(waiting[0]);
    expect(await first).not.toBe(waiting[0]);
    expect(await renders()).toBe(2);
  });

  it('refuses, as busy, a workspace beyond the packs allowed to wait', async () => {
    const { renderer } = open({ maxWaiting: 1 });
    const running = renderer.render('ws-a', { gzip: false });
    const waiting = renderer.render('ws-b', { gzip: false });
    expect(await renderer.render('ws-c', { gzip: false })).toEqual({ ok: false, error: 'busy' });
    expect(htmlOf(await running)).toContain(QUOTES['ws-a']);
    expect(htmlOf(await waiting)).toContain(QUOTES['ws-b']);
  });

  it('fails a pack that takes too long, ending its worker', async () => {
    const { renderer } = open({ timeoutMs: 1 });
    expect(await renderer.render('ws-a', { gzip: false })).toEqual({ ok: false, error: 'failed' });
  });

  it('starts a new worker after its worker died', async () => {
    const { renderer } = open();
    expect(htmlOf(await renderer.render('ws-a', { gzip: false }))).toContain(QUOTES['ws-a']);
    await exitWorkerThreadHere('evident-pack-render');
    expect(htmlOf(await renderer.render('ws-b', { gzip: false }))).toContain(QUOTES['ws-b']);
  });

  it('answers "closed" to what it was making or had waiting when it closes, and to anything after', async () => {
    const { renderer } = open();
    const running = renderer.render('ws-a', { gzip: false });
    const waiting = renderer.render('ws-b', { gzip: false });
    await renderer.close();
    expect(await running).toEqual({ ok: false, error: 'closed' });
    expect(await waiting).toEqual({ ok: false, error: 'closed' });
    expect(await renderer.render('ws-a', { gzip: false })).toEqual({ ok: false, error: 'closed' });
  });
});
