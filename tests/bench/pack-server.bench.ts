/**
 * The reviewer's live pack on the sync server (issue: "render ≤ 3 s", and "report the same figures
 * for the server's pack page"): `evident-sync serve` as its own process with its shipped defaults,
 * seeded with a generated 10,000-clip workspace (200 actions, 300 sources with ~60 KB snapshots),
 * then `GET /w/<ws>/pack` with a session cookie, as a browser sends it (Accept-Encoding: gzip…):
 * time to first byte (the server sends nothing before the pack is made), total, and bytes, with the
 * room not loaded (the doc read from the store) and loaded (a client connected). Alongside: the
 * server's own render time (its /metrics histogram); how long its event loop was held up while
 * packs were made (the pack is made on a worker thread, so it should not be), as the server's
 * monitorEventLoopDelay and as the slowest /healthz answer, each beside the same measure over a
 * window as long with no pack (the machine's own noise); the render alone in this process (no
 * server); and a reference in the same run: the same workspace's `evident-sync export` JSON, run
 * as an operator runs it (its own process), with ratios.
 * `npx tsx tests/bench/pack-server.bench.ts`: about 1.5 minutes (generating the workspace: ~30 s).
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { renderStoredPack } from '../../sync-server/pack/render-stored-pack';
import { startServerProcess, type ServerProcess } from '../integration/helpers/server-process';
import { connectClient, type SyncClient } from '../integration/helpers/sync-clients';
import { metricFrom } from './lib/sync-servers';
import { generatePackWorkspaceDoc } from './lib/pack-workspace';
import { median, printTable, type BenchRow } from './lib/report';

const WORKSPACE = 'bench-pack';
const SIZE = { clips: 10_000, actions: 200, sources: 300 };
const RUNS = 5;
const TARGET_MS = 3000;
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const CLI = resolve(import.meta.dirname, '../../sync-server/bin/evident-sync.mjs');

interface Fetched {
  status: number;
  ttfbMs: number;
  totalMs: number;
  /** Bytes on the wire (the body as sent: gzipped when it was). */
  bytes: number;
}

/** One GET, timed from the request to the response's headers (first byte) and to its last byte. */
function timedGet(port: number, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const ttfbMs = performance.now() - started;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      res.on('end', () => done({ status: res.statusCode!, ttfbMs, totalMs: performance.now() - started, bytes }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/**
 * Runs `work` while polling /healthz every 20 ms; returns its result and the slowest /healthz answer:
 * how long any other request (or room) would have waited on the event loop meanwhile.
 */
async function withLoopProbe<T>(port: number, work: () => Promise<T>): Promise<{ result: T; worstHealthMs: number }> {
  let worstHealthMs = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const { totalMs } = await timedGet(port, '/healthz', {});
      worstHealthMs = Math.max(worstHealthMs, totalMs);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await work(), worstHealthMs };
  } finally {
    running = false;
    await probe;
  }
}

/** `evident-sync export` as its own process, stdout counted, not kept. */
function timedExport(server: ServerProcess): Promise<{ ms: number; bytes: number }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'export', '--workspace', WORKSPACE, '--db', server.dbPath], {
      env: { ...process.env, EVIDENT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done({ ms: performance.now() - started, bytes }) : fail(new Error(`export exited ${code}: ${stderr}`))));
  });
}

async function sessionCookie(server: ServerProcess): Promise<string> {
  const { token } = await server.mint(WORKSPACE, 'reviewer', { expiresInSeconds: 3600 });
  return new Promise((done, fail) => {
    httpRequest({ host: '127.0.0.1', port: server.port, path: `/w/${WORKSPACE}/pack?token=${token}` }, (res) => {
      res.resume();
      const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
      if (res.statusCode !== 303 || !cookie) fail(new Error(`invite exchange answered ${res.statusCode}`));
      else done(cookie);
    })
      .on('error', fail)
      .end();
  });
}

const scrape = async (server: ServerProcess) => (await fetch(server.metricsUrl!)).text();

interface Phase {
  fetched: Fetched[];
  /** The slowest /healthz answer seen from here while the GETs ran. */
  worstHealthMs: number;
  /** The server's own figure: its event loop's longest delay meanwhile (prom-client's monitorEventLoopDelay, reset at each scrape). */
  loopLagMaxMs: number;
}

async function getRuns(server: ServerProcess, cookie: string, encodings: string | null, runs: number): Promise<Phase> {
  const headers = { cookie, ...(encodings ? { 'accept-encoding': encodings } : {}) };
  const fetched: Fetched[] = [];
  let worst = 0;
  await scrape(server); // resets the server's event-loop delay histogram
  for (let i = 0; i < runs; i++) {
    const { result, worstHealthMs } = await withLoopProbe(server.port, () => timedGet(server.port, `/w/${WORKSPACE}/pack`, headers));
    if (result.status !== 200) throw new Error(`GET pack answered ${result.status}`);
    fetched.push(result);
    worst = Math.max(worst, worstHealthMs);
  }
  const loopLagMaxMs = metricFrom(await scrape(server), 'evident_sync_nodejs_eventloop_lag_max_seconds') * 1000;
  return { fetched, worstHealthMs: worst, loopLagMaxMs };
}

const renderSeconds = async (server: ServerProcess) => {
  const text = await scrape(server);
  return { sum: metricFrom(text, 'evident_sync_pack_render_seconds_sum'), count: metricFrom(text, 'evident_sync_pack_render_seconds_count') };
};

export async function run(): Promise<BenchRow[]> {
  const label = `${SIZE.clips.toLocaleString('en-GB')} clips, ${SIZE.actions} actions, ${SIZE.sources} sources`;
  const generated = await generatePackWorkspaceDoc({ ...SIZE, workspaceId: WORKSPACE });
  const update = Y.encodeStateAsUpdate(generated);
  generated.destroy();

  const server = await startServerProcess(); // shipped defaults; EVIDENT_SECRET set by the helper
  const rows: BenchRow[] = [];
  const row = (r: Omit<BenchRow, 'benchmark'>) => rows.push({ benchmark: 'pack-server', ...r });
  let viewer: SyncClient | null = null;
  try {
    // As `evident-sync import` stores a workspace: one update in the log, from another connection.
    const store = server.openStore();
    store.appendUpdate(WORKSPACE, update);
    store.close();

    const exports = [];
    for (let i = 0; i < 3; i++) exports.push(await timedExport(server));
    const exportMs = median(exports.map((e) => e.ms));
    row({ case: `${label} · reference: evident-sync export (its own process, ${exports.length} runs)`, metric: 'total median ms', value: exportMs, unit: 'ms' });
    row({ case: `${label} · reference: evident-sync export`, metric: 'JSON bytes', value: exports[0]!.bytes, unit: 'B' });

    const cookie = await sessionCookie(server);
    const first = await getRuns(server, cookie, BROWSER_ENCODINGS, 1);
    row({ case: `${label} · first GET after the invite (render worker just started)`, metric: 'time to first byte ms', value: first.fetched[0]!.ttfbMs, unit: 'ms' });

    const phases = [
      ['room not loaded (from the store), gzip', BROWSER_ENCODINGS],
      ['room not loaded (from the store), no Accept-Encoding', null],
    ] as const;
    const results: Array<[string, Phase]> = [];
    for (const [name, encodings] of phases) results.push([name, await getRuns(server, cookie, encodings, RUNS)]);
    // A reviewer's socket loads the room (and receives the whole doc) before the next GETs.
    viewer = connectClient(server.url, WORKSPACE, (await server.mint(WORKSPACE, 'reviewer')).token);
    await viewer.synced;
    results.push(['room loaded (a client connected), gzip', await getRuns(server, cookie, BROWSER_ENCODINGS, RUNS)]);
    const worstHealthMs = Math.max(first.worstHealthMs, ...results.map(([, phase]) => phase.worstHealthMs));
    const loopLagMaxMs = Math.max(...results.map(([, phase]) => phase.loopLagMaxMs));
    // The peer for those two: the same probes for as long, with no pack being made (the machine's own noise).
    const quietMs = median(results[0]![1].fetched.map((f) => f.totalMs)) * RUNS;
    await scrape(server);
    const quiet = await withLoopProbe(server.port, () => new Promise((r) => setTimeout(r, quietMs)));
    const quietLagMaxMs = metricFrom(await scrape(server), 'evident_sync_nodejs_eventloop_lag_max_seconds') * 1000;

    for (const [name, { fetched, loopLagMaxMs: phaseLag }] of results) {
      const ttfb = median(fetched.map((f) => f.ttfbMs));
      const total = median(fetched.map((f) => f.totalMs));
      const runs = `${name} (${fetched.length} runs)`;
      row({ case: `${label} · GET pack, ${runs}`, metric: 'time to first byte median ms', value: ttfb, unit: 'ms', target: `<= ${TARGET_MS}`, pass: ttfb <= TARGET_MS });
      row({ case: `${label} · GET pack, ${runs}`, metric: 'time to first byte max ms', value: Math.max(...fetched.map((f) => f.ttfbMs)), unit: 'ms' });
      row({
        case: `${label} · GET pack, ${runs}`,
        metric: 'total median ms',
        value: total,
        unit: 'ms',
        target: `<= ${TARGET_MS}`,
        pass: total <= TARGET_MS,
        reference: { name: 'evident-sync export', value: exportMs },
        ratio: total / exportMs,
      });
      row({ case: `${label} · GET pack, ${name}`, metric: 'response bytes', value: fetched[0]!.bytes, unit: 'B' });
      row({ case: `${label} · GET pack, ${name}`, metric: "server event loop's longest delay ms", value: phaseLag, unit: 'ms' });
    }
    const { sum, count } = await renderSeconds(server);
    row({ case: `${label} · server: render worker time per pack (/metrics, ${count} packs)`, metric: 'mean ms', value: (sum / count) * 1000, unit: 'ms', target: `<= ${TARGET_MS}`, pass: (sum / count) * 1000 <= TARGET_MS });
    const quietRef = (value: number) => ({ name: 'same, no pack being made', value });
    row({
      case: `${label} · server: its event loop's longest delay while packs were made (monitorEventLoopDelay)`,
      metric: 'max ms',
      value: loopLagMaxMs,
      unit: 'ms',
      reference: quietRef(quietLagMaxMs),
      ratio: loopLagMaxMs / quietLagMaxMs,
    });
    row({
      case: `${label} · slowest /healthz answer while packs were made (asked every 20 ms from the bench process)`,
      metric: 'max ms',
      value: worstHealthMs,
      unit: 'ms',
      reference: quietRef(quiet.worstHealthMs),
      ratio: worstHealthMs / quiet.worstHealthMs,
    });

    // The render alone, in this process: what the server adds (thread hop, HTTP) is the difference.
    const local = server.openStore();
    try {
      const times: number[] = [];
      let htmlBytes = 0;
      for (let i = 0; i < 2; i++) {
        const started = performance.now();
        const pack = await renderStoredPack(local, WORKSPACE);
        if (!pack.ok) throw new Error(pack.error);
        times.push(performance.now() - started);
        htmlBytes = pack.value.htmlBytes;
      }
      row({ case: `${label} · renderStoredPack in the bench process (no server, no gzip, ${times.length} runs)`, metric: 'median ms', value: median(times), unit: 'ms', target: `<= ${TARGET_MS}`, pass: median(times) <= TARGET_MS });
      row({ case: `${label} · the pack's HTML`, metric: 'bytes', value: htmlBytes, unit: 'B' });
    } finally {
      local.close();
    }
  } finally {
    viewer?.destroy();
    await server.dispose();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  printTable(await run());
  console.error(`pack-server benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
