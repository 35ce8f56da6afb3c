/**
 * Sync server benchmark (issue: server throughput and fan-out latency): Evident's `evident-sync
 * serve` against the reference y-websocket server `@y/websocket-server` 0.1.1, each as its own
 * process, driven by the same load generator (lib/load-generator.ts) with the same parameters in
 * the same run. Evident commits every update to SQLite (WAL, synchronous=FULL unless
 * SYNC_BENCH_SYNCHRONOUS=normal; group commit on a worker thread) before broadcasting it; the
 * reference persists nothing. Ratios are Evident / reference.
 *
 * Scenarios: (a) 1 writer → 100 observers in one room; (b) 20 rooms × 10 clients, 1–2 writers
 * each. Each scenario starts a fresh process of both servers and connects its clients to both;
 * then each phase, a fixed offered rate and max rate (closed loop), runs on one server at a time
 * in ABBA order (reference, Evident, Evident, reference; twice for fixed rates; warm-up excluded),
 * so drift and other processes' load fall on both alike. Memory is measured last (see run()). Reported: updates/s delivered to every observer, deliveries/s,
 * send → receive latency p50/p99 over every delivery, server and generator CPU, and for Evident,
 * from /metrics, the time from handing an update to the store writer to its durable commit, and
 * how many updates each commit (one fsync) carried. Memory per loaded doc: separate fresh processes with
 * the inspector open, VmRSS and V8 heap + external after a full GC, before and after N docs.
 *
 * The generator runs in this process on the same 2 cores as the server: its CPU, and CPU used by
 * anything else on the machine ("other load"), are reported next to the server's, so a figure
 * limited by the generator or by neighbours shows as such.
 * `npx tsx tests/bench/sync-server.bench.ts`: about 4 minutes.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { clipJson, Fleet, processRssBytes, sleep, SyncClient, type LoadMode, type PhaseResult, type RoomPlan } from './lib/load-generator';
import { percentile, printTable, type BenchRow } from './lib/report';
import { metricFrom, startEvidentServer, startReferenceServer, type ServerUnderTest } from './lib/sync-servers';

const WARMUP_MS = 2000;
/** A fixed-rate p99 rests on its ~1% slowest updates: a long window; max-rate throughput settles fast. */
const MEASURE_MS = { fixed: 8000, max: 4000 };
const WARM_DOCS = 20;
const MEMORY_DOCS = 100;
const CLIPS_PER_DOC = 200;

/** Evident's per-socket limit (100 messages/s) would close a max-rate writer: raised for the run. */
/**
 * `SYNC_BENCH_SYNCHRONOUS=normal` runs Evident with EVIDENT_SYNCHRONOUS=normal (commits reach the WAL
 * before a broadcast and the disk at the next checkpoint; config.ts), to compare the two modes. Default: full.
 */
const SYNCHRONOUS = process.env.SYNC_BENCH_SYNCHRONOUS ?? 'full';
const EVIDENT_ENV = { EVIDENT_RATE_PER_SECOND: '1000000', EVIDENT_RATE_BURST: '1000000', EVIDENT_LOG_LEVEL: 'warn', EVIDENT_SYNCHRONOUS: SYNCHRONOUS };

interface Scenario {
  id: string;
  label: string;
  plans: RoomPlan[];
  fixed: LoadMode & { kind: 'rate' };
  max: LoadMode & { kind: 'max' };
  replicaEvery: number;
}

const ALL_SCENARIOS: Scenario[] = [
  {
    id: 'a',
    label: '(a) 1 writer → 100 observers',
    plans: [{ room: 'fanout', writers: 1, observers: 100 }],
    fixed: { kind: 'rate', perWriterPerSecond: 100 },
    max: { kind: 'max', window: 16 },
    replicaEvery: 10,
  },
  {
    id: 'b',
    label: '(b) 20 rooms × 10 clients (30 writers)',
    plans: Array.from({ length: 20 }, (_, i) => {
      const writers = i % 2 === 0 ? 2 : 1;
      return { room: `room-${String(i).padStart(2, '0')}`, writers, observers: 10 - writers };
    }),
    fixed: { kind: 'rate', perWriterPerSecond: 10 },
    max: { kind: 'max', window: 4 },
    replicaEvery: 10,
  },
];

/** `SYNC_BENCH_SCENARIOS=a` (or `b`) runs one scenario, when studying it; the full run has both. */
const SCENARIOS = ALL_SCENARIOS.filter((s) => (process.env.SYNC_BENCH_SCENARIOS ?? 'a,b').split(',').includes(s.id));

interface PhaseFigures extends PhaseResult {
  p50: number;
  p99: number;
  /** Evident only, from /metrics over the window: hand-off → durable commit per update, and updates per commit. */
  append?: { meanMs: number; perCommit: number; over5msPercent: number };
  divergent: string[];
}

interface ServerFigures {
  name: string;
  /** VmRSS, and V8 heap used + external (ArrayBuffers), per doc, after a full GC. */
  memory: { rssPerDocBytes: number; jsPerDocBytes: number };
  phases: Map<string, PhaseFigures>; // `${scenario}-${fixed|max}`
}

/** A doc with CLIPS_PER_DOC clips, each set in its own transaction, as one update. */
function docContent(): Uint8Array {
  const doc = new Y.Doc();
  const clips = doc.getMap<string>('clips');
  for (let i = 0; i < CLIPS_PER_DOC; i++) clips.set(`ev_m${i}`, clipJson(i));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Memory per loaded doc: WARM_DOCS docs loaded first (so code, caches and V8's young generation
 * have grown to their working size), a full GC and the baseline; then MEMORY_DOCS more docs, each
 * with one connected client; a full GC and the same readings. Both servers run with the inspector
 * open for this (HeapProfiler.collectGarbage), on processes used for nothing else.
 */
export async function measureMemory(server: ServerUnderTest): Promise<ServerFigures['memory']> {
  const inspector = server.inspector;
  if (!inspector) throw new Error(`${server.name}: start it with { inspect: true } to measure memory`);
  const content = docContent();
  const rooms = Array.from({ length: WARM_DOCS + MEMORY_DOCS }, (_, i) => `mem-${i}`);
  await server.admit(rooms);
  const clients: SyncClient[] = [];
  const load = async (names: string[]) => {
    for (let i = 0; i < names.length; i += 10) {
      const batch = names.slice(i, i + 10).map((room) => new SyncClient(server.urlFor(room), { isReplica: false, initialUpdate: content }));
      // A round trip after the handshake: the server has applied (and stored) the content.
      await Promise.all(batch.map(async (c) => (await c.synced, await c.roundTrip())));
      clients.push(...batch);
    }
    await sleep(500);
    await inspector.collectGarbage();
    const usage = await inspector.memoryUsage();
    return { rss: processRssBytes(server.pid), js: usage.heapUsed + usage.external };
  };
  try {
    const before = await load(rooms.slice(0, WARM_DOCS));
    const after = await load(rooms.slice(WARM_DOCS));
    return { rssPerDocBytes: (after.rss - before.rss) / MEMORY_DOCS, jsPerDocBytes: (after.js - before.js) / MEMORY_DOCS };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

type Side = 'evident' | 'reference';
/** ABBA: each server measured twice per phase, in mirrored order, so drift and neighbours' load even out. */
const ABBA: Side[] = ['reference', 'evident', 'evident', 'reference'];
/**
 * A fixed-rate p99 rests on a few slow updates, and this VM has bursts of hypervisor steal (up to a
 * quarter of its CPU for seconds): two ABBA cycles, so one burst weighs less on either server's figure.
 */
const CYCLES = { fixed: 2, max: 1 };

/** Merges a server's windows of one phase: rates and CPU averaged (equal windows), latencies pooled. */
function merge(windows: PhaseResult[], extra: Pick<PhaseFigures, 'append' | 'divergent'>): PhaseFigures {
  const mean = (pick: (r: PhaseResult) => number) => windows.reduce((sum, r) => sum + pick(r), 0) / windows.length;
  const latencies = windows.flatMap((r) => r.latencies);
  return {
    offeredPerSecond: mean((r) => r.offeredPerSecond),
    updatesPerSecond: mean((r) => r.updatesPerSecond),
    deliveriesPerSecond: mean((r) => r.deliveriesPerSecond),
    latencies: [],
    serverCpuPercent: mean((r) => r.serverCpuPercent),
    generatorCpuPercent: mean((r) => r.generatorCpuPercent),
    machineBusyPercent: mean((r) => r.machineBusyPercent),
    machineStealPercent: mean((r) => r.machineStealPercent),
    undelivered: windows.reduce((sum, r) => sum + r.undelivered, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ...extra,
  };
}

/** Evident's durable appends over a window, from /metrics. */
function appendProbe(server: ServerUnderTest) {
  const read = async () => {
    const text = await server.metrics!();
    return {
      sum: metricFrom(text, 'evident_sync_append_update_seconds_sum'),
      count: metricFrom(text, 'evident_sync_append_update_seconds_count'),
      commits: metricFrom(text, 'evident_sync_commit_batch_size_count'),
      within5ms: metricFrom(text, 'evident_sync_append_update_seconds_bucket', 'le="0.005"'),
    };
  };
  let start = { sum: 0, count: 0, commits: 0, within5ms: 0 };
  const totals = { seconds: 0, count: 0, commits: 0, within5ms: 0 };
  return {
    atWindowStart: async () => void (start = await read()),
    atWindowEnd: async () => {
      const end = await read();
      totals.seconds += end.sum - start.sum;
      totals.count += end.count - start.count;
      totals.commits += end.commits - start.commits;
      totals.within5ms += end.within5ms - start.within5ms;
    },
    result: (): PhaseFigures['append'] =>
      totals.count
        ? {
            meanMs: (totals.seconds / totals.count) * 1000,
            perCommit: totals.count / Math.max(1, totals.commits),
            over5msPercent: (100 * (totals.count - totals.within5ms)) / totals.count,
          }
        : undefined,
  };
}

/**
 * One scenario on fresh processes of both servers, clients connected to both; then each phase
 * (fixed rate, max rate) runs on one server at a time, in ABBA order.
 */
async function runScenario(scenario: Scenario, figures: Record<Side, ServerFigures>): Promise<void> {
  const servers = { reference: await startReferenceServer(), evident: await startEvidentServer(EVIDENT_ENV) };
  const fleets: Partial<Record<Side, Fleet>> = {};
  try {
    for (const side of ['reference', 'evident'] as const) {
      const server = servers[side];
      console.error(`  ${scenario.label}: ${server.name} (pid ${server.pid})…`);
      await server.admit(scenario.plans.map((p) => p.room));
      fleets[side] = await Fleet.open((room) => server.urlFor(room), scenario.plans, { replicaEvery: scenario.replicaEvery });
    }
    for (const [phase, mode] of [['fixed', scenario.fixed], ['max', scenario.max]] as const) {
      const windows: Record<Side, PhaseResult[]> = { reference: [], evident: [] };
      const probes = { reference: null, evident: servers.evident.metrics ? appendProbe(servers.evident) : null };
      for (const side of Array.from({ length: CYCLES[phase] }, () => ABBA).flat()) {
        const probe = probes[side];
        windows[side].push(
          await fleets[side]!.runPhase({
            mode,
            warmupMs: WARMUP_MS,
            measureMs: MEASURE_MS[phase],
            serverPid: servers[side].pid,
            atWindowStart: probe?.atWindowStart,
            atWindowEnd: probe?.atWindowEnd,
          }),
        );
      }
      for (const side of ['reference', 'evident'] as const) {
        figures[side].name = servers[side].name;
        figures[side].phases.set(`${scenario.id}-${phase}`, merge(windows[side], { append: probes[side]?.result(), divergent: fleets[side]!.divergentRooms() }));
      }
    }
  } finally {
    for (const side of ['reference', 'evident'] as const) {
      await fleets[side]?.close();
      await servers[side].stop();
    }
  }
}

/** Memory on a fresh process of each server, one after the other. */
async function runMemory(figures: Record<Side, ServerFigures>): Promise<void> {
  const starts = { reference: () => startReferenceServer({ inspect: true }), evident: () => startEvidentServer(EVIDENT_ENV, { inspect: true }) };
  for (const [side, start] of Object.entries(starts) as Array<[Side, () => Promise<ServerUnderTest>]>) {
    const server = await start();
    console.error(`  memory: ${server.name} (pid ${server.pid})…`);
    try {
      figures[side].name = server.name;
      figures[side].memory = await measureMemory(server);
    } finally {
      await server.stop();
    }
  }
}

const KiB = 1024;
const CORES = availableParallelism();

export async function run(): Promise<BenchRow[]> {
  const blank = (): ServerFigures => ({ name: '', memory: { rssPerDocBytes: Number.NaN, jsPerDocBytes: Number.NaN }, phases: new Map() });
  const figures: Record<Side, ServerFigures> = { reference: blank(), evident: blank() };
  // Memory last: loading 240 docs and freeing them leaves this VM reclaiming pages for a while
  // (hypervisor steal of 20–28 % in the next windows, measured), which would fall on the first
  // latency windows of whichever server came first.
  for (const scenario of SCENARIOS) await runScenario(scenario, figures);
  await runMemory(figures);
  const { reference, evident } = figures;
  const refName = reference.name;
  const rows: BenchRow[] = [];
  const row = (r: Omit<BenchRow, 'benchmark' | 'ratio' | 'reference'> & { referenceValue?: number }) => {
    const { referenceValue, ...rest } = r;
    rows.push({
      benchmark: 'sync-server',
      ...rest,
      ...(referenceValue === undefined ? {} : { reference: { name: refName, value: referenceValue }, ratio: r.value / referenceValue }),
    });
  };

  const memoryCase = `${MEMORY_DOCS} docs × ${CLIPS_PER_DOC} clips (${Math.round(docContent().byteLength / KiB)} KiB), 1 client each, after ${WARM_DOCS} warm-up docs; full GC`;
  row({ case: memoryCase, metric: 'RSS per doc', value: evident.memory.rssPerDocBytes / KiB, unit: 'KiB', referenceValue: reference.memory.rssPerDocBytes / KiB });
  row({
    case: memoryCase,
    metric: 'JS heap+external per doc',
    value: evident.memory.jsPerDocBytes / KiB,
    unit: 'KiB',
    referenceValue: reference.memory.jsPerDocBytes / KiB,
  });
  /** CPU the machine spent beyond the server and the generator (other processes, steal), % of one core. */
  const other = (f: PhaseFigures) => Math.max(0, Math.round(f.machineBusyPercent * CORES - f.serverCpuPercent - f.generatorCpuPercent));
  for (const scenario of SCENARIOS) {
    const writers = scenario.plans.reduce((n, p) => n + p.writers, 0);
    for (const phase of ['fixed', 'max'] as const) {
      const ours = evident.phases.get(`${scenario.id}-${phase}`)!;
      const ref = reference.phases.get(`${scenario.id}-${phase}`)!;
      const isMax = phase === 'max';
      const load = isMax ? `max rate, ${scenario.max.window} in flight/writer` : `${scenario.fixed.perWriterPerSecond * writers}/s offered`;
      const problems = [
        ours.undelivered || ref.undelivered ? `undelivered ${ours.undelivered}/${ref.undelivered}` : '',
        ours.divergent.length || ref.divergent.length ? `diverged: ${[...ours.divergent, ...ref.divergent].join(', ')}` : '',
      ].filter(Boolean);
      const label = `${scenario.label} · ${load}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
      row({
        case: label,
        metric: 'updates/s',
        value: ours.updatesPerSecond,
        unit: '/s',
        referenceValue: ref.updatesPerSecond,
        ...(isMax ? { target: '>= reference', pass: ours.updatesPerSecond >= ref.updatesPerSecond } : {}),
      });
      row({ case: label, metric: 'deliveries/s', value: ours.deliveriesPerSecond, unit: '/s', referenceValue: ref.deliveriesPerSecond });
      row({ case: label, metric: 'p50 ms', value: ours.p50, unit: 'ms', referenceValue: ref.p50 });
      row({
        case: label,
        metric: 'p99 ms',
        value: ours.p99,
        unit: 'ms',
        referenceValue: ref.p99,
        ...(isMax ? {} : { target: '<= reference', pass: ours.p99 <= ref.p99 }),
      });
      row({ case: label, metric: 'server CPU %', value: ours.serverCpuPercent, unit: '%', referenceValue: ref.serverCpuPercent });
      row({
        case: `${label} · lean generator, same machine; other load ${other(ours)}% / ${other(ref)}% of a core`,
        metric: 'generator CPU %',
        value: ours.generatorCpuPercent,
        unit: '%',
        referenceValue: ref.generatorCpuPercent,
      });
      if (ours.append) {
        row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'append mean ms', value: ours.append.meanMs, unit: 'ms' });
        row({ case: `${label} · Evident: group commit (one fsync each)`, metric: 'updates per commit', value: ours.append.perCommit, unit: '' });
        row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'appends over 5 ms', value: ours.append.over5msPercent, unit: '%' });
      }
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  printTable(await run());
  console.error(`sync-server benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
