/**
 * Sync server benchmark (issue: server throughput and fan-out latency): Evident's `evident-sync
 * serve` against the reference y-websocket server `@y/websocket-server` 0.1.1, each as its own
 * process, driven by the same load generator (lib/load-generator.ts) with the same parameters in
 * the same run. Evident commits every update to SQLite (WAL, synchronous=FULL unless
 * SYNC_BENCH_SYNCHRONOUS=normal; group commit on a worker thread) before broadcasting it; the
 * reference persists nothing. Ratios are Evident / reference.
 *
 * Evident runs on its shipped defaults: the main rows are what users run. Its per-socket rate
 * (100 messages/s after a burst of 200, config.ts) caps a max-rate writer by design, so the max-rate
 * phases also run on a second Evident process with that limit lifted, reported as extra rows
 * labelled "rate lifted"; nothing else differs.
 *
 * Scenarios: (a) 1 writer → 100 observers in one room; (b) 20 rooms × 10 clients, 1–2 writers
 * each; (c) a burst: 20 rooms × 10 clients, every client sending 100 updates as fast as it can, all
 * at once (lib/burst-load.ts), where what waits inside the server shows. (a) and (b) start fresh
 * processes of the servers and connect their clients to each; then each phase, a fixed offered
 * rate and max rate (closed loop), runs on one server at a time in ABBA order (reference, Evident,
 * Evident, reference; twice for fixed rates; the lifted Evident in the middle of the max-rate ABBA;
 * warm-up excluded), so drift and other processes' load fall on both alike. (c) runs its bursts in
 * ABBA order too, on fresh processes. Memory is measured last (see run()). Reported:
 * updates/s delivered to every observer, deliveries/s, send → receive latency p50/p99 over every
 * delivery, server and generator CPU, and for Evident, from /metrics, the time from handing an update
 * to the store writer to its durable commit, and how many updates each commit (one fsync) carried;
 * for the burst, fan-out p50/p99, how many of the deliveries arrived, and sockets closed. Memory per
 * loaded doc: separate fresh processes with the inspector open, VmRSS and V8 heap + external after
 * a full GC, before and after N docs.
 *
 * The generator runs in this process on the same 2 cores as the server: its CPU, and CPU used by
 * anything else on the machine ("other load"), are reported next to the server's, so a figure
 * limited by the generator or by neighbours shows as such.
 * `npx tsx tests/bench/sync-server.bench.ts`: about 7 minutes.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { BurstFleet, type BurstPlan, type BurstResult } from './lib/burst-load';
import { clipJson, Fleet, processRssBytes, sleep, SyncClient, type LoadMode, type PhaseResult, type RoomPlan } from './lib/load-generator';
import { percentile, printTable, type BenchRow } from './lib/report';
import { appendProbe, startEvidentServer, startReferenceServer, type AppendFigures, type ServerUnderTest } from './lib/sync-servers';

const WARMUP_MS = 2000;
/** A fixed-rate p99 rests on its ~1% slowest updates: a long window; max-rate throughput settles fast. */
const MEASURE_MS = { fixed: 8000, max: 4000 };
const WARM_DOCS = 20;
const MEMORY_DOCS = 100;
const CLIPS_PER_DOC = 200;

/**
 * `SYNC_BENCH_SYNCHRONOUS=normal` runs Evident with EVIDENT_SYNCHRONOUS=normal (commits reach the WAL
 * before a broadcast and the disk at the next checkpoint; config.ts), to compare the two modes. Default: full.
 */
const SYNCHRONOUS = process.env.SYNC_BENCH_SYNCHRONOUS ?? 'full';
/** The shipped defaults: nothing set but the log level (and the commit mode, when compared). */
const EVIDENT_ENV = { EVIDENT_LOG_LEVEL: 'warn', EVIDENT_SYNCHRONOUS: SYNCHRONOUS };
/** The extra rows' server: the per-socket rate lifted, to show what the server itself can carry. */
const LIFTED_ENV = { ...EVIDENT_ENV, EVIDENT_RATE_PER_SECOND: '1000000', EVIDENT_RATE_BURST: '1000000' };
const BURST: BurstPlan = { rooms: Array.from({ length: 20 }, (_, i) => `burst-${String(i).padStart(2, '0')}`), clientsPerRoom: 10, updatesPerClient: 100 };

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

/** `SYNC_BENCH_SCENARIOS=a` (or `b`, `c`, `memory`) runs some, when studying them; the full run has all. */
const CHOSEN = (process.env.SYNC_BENCH_SCENARIOS ?? 'a,b,c,memory').split(',');
const SCENARIOS = ALL_SCENARIOS.filter((s) => CHOSEN.includes(s.id));

interface PhaseFigures extends PhaseResult {
  p50: number;
  p99: number;
  /** Evident only, from /metrics over the window: hand-off → durable commit per update, and updates per commit. */
  append?: AppendFigures;
  divergent: string[];
}

interface BurstFigures extends Omit<BurstResult, 'latencies' | 'durationMs' | 'serverCpuPercent'> {
  p50: number;
  p99: number;
  durationMs: number;
  serverCpuPercent: number;
  append?: AppendFigures;
}

interface ServerFigures {
  name: string;
  /** VmRSS, and V8 heap used + external (ArrayBuffers), per doc, after a full GC. */
  memory: { rssPerDocBytes: number; jsPerDocBytes: number };
  phases: Map<string, PhaseFigures>; // `${scenario}-${fixed|max}`
  burst?: BurstFigures;
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

/** `lifted`: Evident with its per-socket rate lifted, for the extra max-rate rows. */
type Side = 'evident' | 'reference' | 'lifted';
/** ABBA: each server measured twice per phase, in mirrored order, so drift and neighbours' load even out. */
const ABBA: Side[] = ['reference', 'evident', 'evident', 'reference'];
/** Max rate: the lifted Evident in the middle of the ABBA, measured as often as the others. */
const ORDER = { fixed: ABBA, max: ['reference', 'evident', 'lifted', 'lifted', 'evident', 'reference'] as Side[] };
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

/**
 * One scenario on fresh processes of the servers, clients connected to each; then each phase
 * (fixed rate, max rate) runs on one server at a time, in ABBA order (ORDER).
 */
async function runScenario(scenario: Scenario, figures: Record<Side, ServerFigures>): Promise<void> {
  const servers: Record<Side, ServerUnderTest> = {
    reference: await startReferenceServer(),
    evident: await startEvidentServer(EVIDENT_ENV),
    lifted: await startLiftedServer(),
  };
  const fleets: Partial<Record<Side, Fleet>> = {};
  const sides = Object.keys(servers) as Side[];
  try {
    for (const side of sides) {
      const server = servers[side];
      console.error(`  ${scenario.label}: ${server.name} (pid ${server.pid})…`);
      await server.admit(scenario.plans.map((p) => p.room));
      fleets[side] = await Fleet.open((room) => server.urlFor(room), scenario.plans, { replicaEvery: scenario.replicaEvery });
    }
    for (const [phase, mode] of [['fixed', scenario.fixed], ['max', scenario.max]] as const) {
      const windows: Record<Side, PhaseResult[]> = { reference: [], evident: [], lifted: [] };
      const probes: Record<Side, ReturnType<typeof appendProbe> | null> = {
        reference: null,
        evident: appendProbe(servers.evident),
        lifted: appendProbe(servers.lifted),
      };
      for (const side of Array.from({ length: CYCLES[phase] }, () => ORDER[phase]).flat()) {
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
      for (const side of sides) {
        if (windows[side].length === 0) continue;
        figures[side].name = servers[side].name;
        figures[side].phases.set(`${scenario.id}-${phase}`, merge(windows[side], { append: probes[side]?.result(), divergent: fleets[side]!.divergentRooms() }));
      }
    }
  } finally {
    for (const side of sides) {
      await fleets[side]?.close();
      await servers[side].stop();
    }
  }
}

const startLiftedServer = async (): Promise<ServerUnderTest> => ({ ...(await startEvidentServer(LIFTED_ENV)), name: 'Evident, rate lifted' });

/**
 * The burst (c) on fresh processes of both servers: the same clients' bursts on one server at a
 * time, in ABBA order; latencies pooled, deliveries and closes summed.
 */
async function runBurst(figures: Record<Side, ServerFigures>): Promise<void> {
  const servers = { reference: await startReferenceServer(), evident: await startEvidentServer(EVIDENT_ENV) };
  const fleets: Partial<Record<'reference' | 'evident', BurstFleet>> = {};
  try {
    for (const side of ['reference', 'evident'] as const) {
      const server = servers[side];
      console.error(`  burst: ${server.name} (pid ${server.pid})…`);
      await server.admit(BURST.rooms);
      fleets[side] = await BurstFleet.open((room) => server.urlFor(room), BURST);
    }
    const results: Record<'reference' | 'evident', BurstResult[]> = { reference: [], evident: [] };
    const probe = appendProbe(servers.evident);
    for (const side of ABBA as Array<'reference' | 'evident'>) {
      if (side === 'evident') await probe.atWindowStart();
      results[side].push(await fleets[side]!.run({ serverPid: servers[side].pid }));
      if (side === 'evident') await probe.atWindowEnd();
      await sleep(1000); // the last commits and sends settle before the other server's burst
    }
    for (const side of ['reference', 'evident'] as const) {
      const runs = results[side];
      const latencies = runs.flatMap((r) => r.latencies);
      figures[side].name = servers[side].name;
      figures[side].burst = {
        updatesSent: runs.reduce((n, r) => n + r.updatesSent, 0),
        deliveriesExpected: runs.reduce((n, r) => n + r.deliveriesExpected, 0),
        deliveries: runs.reduce((n, r) => n + r.deliveries, 0),
        closed: runs.flatMap((r) => r.closed),
        divergent: [...new Set(runs.flatMap((r) => r.divergent))],
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        durationMs: runs.reduce((n, r) => n + r.durationMs, 0) / runs.length,
        serverCpuPercent: runs.reduce((n, r) => n + r.serverCpuPercent, 0) / runs.length,
        append: side === 'evident' ? probe.result() : undefined,
      };
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
  for (const [side, start] of Object.entries(starts) as Array<['reference' | 'evident', () => Promise<ServerUnderTest>]>) {
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
  const figures: Record<Side, ServerFigures> = { reference: blank(), evident: blank(), lifted: blank() };
  // Memory last: loading 240 docs and freeing them leaves this VM reclaiming pages for a while
  // (hypervisor steal of 20–28 % in the next windows, measured), which would fall on the first
  // latency windows of whichever server came first.
  for (const scenario of SCENARIOS) await runScenario(scenario, figures);
  if (CHOSEN.includes('c')) await runBurst(figures);
  if (CHOSEN.includes('memory')) await runMemory(figures);
  const { reference, evident, lifted } = figures;
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

  if (CHOSEN.includes('memory')) {
    const memoryCase = `${MEMORY_DOCS} docs × ${CLIPS_PER_DOC} clips (${Math.round(docContent().byteLength / KiB)} KiB), 1 client each, after ${WARM_DOCS} warm-up docs; full GC`;
    row({ case: memoryCase, metric: 'RSS per doc', value: evident.memory.rssPerDocBytes / KiB, unit: 'KiB', referenceValue: reference.memory.rssPerDocBytes / KiB });
    row({ case: memoryCase, metric: 'JS heap+external per doc', value: evident.memory.jsPerDocBytes / KiB, unit: 'KiB', referenceValue: reference.memory.jsPerDocBytes / KiB });
  }
  /** CPU the machine spent beyond the server and the generator (other processes, steal), % of one core. */
  const other = (f: PhaseFigures) => Math.max(0, Math.round(f.machineBusyPercent * CORES - f.serverCpuPercent - f.generatorCpuPercent));
  const appendRows = (label: string, append: AppendFigures | undefined) => {
    if (!append) return;
    row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'append mean ms', value: append.meanMs, unit: 'ms' });
    row({ case: `${label} · Evident: group commit (one fsync each)`, metric: 'updates per commit', value: append.perCommit, unit: '' });
    row({ case: `${label} · Evident: group commit, its transaction in the committer thread`, metric: 'commit mean ms', value: append.commitMeanMs, unit: 'ms' });
    row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'appends over 5 ms', value: append.over5msPercent, unit: '%' });
  };
  for (const scenario of SCENARIOS) {
    const writers = scenario.plans.reduce((n, p) => n + p.writers, 0);
    for (const phase of ['fixed', 'max'] as const) {
      const ref = reference.phases.get(`${scenario.id}-${phase}`)!;
      const isMax = phase === 'max';
      const load = isMax ? `max rate, ${scenario.max.window} in flight/writer` : `${scenario.fixed.perWriterPerSecond * writers}/s offered`;
      // The shipped defaults, then (max rate only) the same with the per-socket rate lifted.
      const variants: Array<[string, PhaseFigures]> = [[isMax ? ' · Evident on its defaults (100 messages/s per socket)' : '', evident.phases.get(`${scenario.id}-${phase}`)!]];
      if (isMax) variants.push([' · Evident with the per-socket rate lifted (EVIDENT_RATE_*=1000000), not the default', lifted.phases.get(`${scenario.id}-${phase}`)!]);
      for (const [variant, ours] of variants) {
        const problems = [
          ours.undelivered || ref.undelivered ? `undelivered ${ours.undelivered}/${ref.undelivered}` : '',
          ours.divergent.length || ref.divergent.length ? `diverged: ${[...ours.divergent, ...ref.divergent].join(', ')}` : '',
        ].filter(Boolean);
        const label = `${scenario.label} · ${load}${variant}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
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
        appendRows(label, ours.append);
      }
    }
  }
  if (evident.burst && reference.burst) {
    const [ours, ref] = [evident.burst, reference.burst];
    const problems = [...ours.divergent, ...ref.divergent].length ? ` [diverged: ${[...ours.divergent, ...ref.divergent].join(', ')}]` : '';
    const label = `(c) burst: 20 rooms × 10 clients, each sending ${BURST.updatesPerClient} updates at once; Evident on its defaults; 2 bursts each, ABBA${problems}`;
    row({ case: label, metric: 'fan-out p50 ms', value: ours.p50, unit: 'ms', referenceValue: ref.p50 });
    row({ case: label, metric: 'fan-out p99 ms', value: ours.p99, unit: 'ms', referenceValue: ref.p99 });
    const delivered = (f: BurstFigures) => (100 * f.deliveries) / f.deliveriesExpected;
    row({
      case: `${label} · ${ours.deliveries.toLocaleString('en-GB')} of ${ours.deliveriesExpected.toLocaleString('en-GB')} deliveries`,
      metric: 'delivered %',
      value: delivered(ours),
      unit: '%',
      referenceValue: delivered(ref),
      target: '100',
      pass: ours.deliveries === ours.deliveriesExpected,
    });
    row({ case: `${label} · reference: ${ref.closed.length}`, metric: 'sockets closed', value: ours.closed.length, unit: '', target: '0', pass: ours.closed.length === 0 });
    row({ case: `${label} · first send to last delivery`, metric: 'burst ms', value: ours.durationMs, unit: 'ms', referenceValue: ref.durationMs });
    row({ case: label, metric: 'server CPU %', value: ours.serverCpuPercent, unit: '%', referenceValue: ref.serverCpuPercent });
    appendRows(label, ours.append);
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  printTable(await run());
  console.error(`sync-server benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
