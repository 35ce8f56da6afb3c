/**
 * Sync server benchmark (issue: server throughput and fan-out latency): Evident's `evident-sync
 * serve` against the reference y-websocket server `@y/websocket-server` 0.1.1, each as its own
 * process, one after the other in the same run, driven by the same load generator
 * (lib/load-generator.ts) with the same parameters. Evident appends every update to SQLite
 * (WAL, synchronous=FULL) before broadcasting it; the reference persists nothing.
 *
 * Scenarios: (a) 1 writer → 100 observers in one room; (b) 20 rooms × 10 clients, 1–2 writers
 * each. Each at a fixed offered rate and at max rate (closed loop). Reported per server: updates/s
 * delivered, fan-out latency p50/p99, server and generator CPU; and memory per loaded doc (server
 * VmRSS after loading N docs minus before, / N). Ratios are Evident / reference.
 *
 * The generator shares the machine (2 cores) with the server: its CPU is reported next to the
 * server's, so a figure limited by the generator rather than the server shows as such.
 * `npx tsx tests/bench/sync-server.bench.ts`; about 2 minutes.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { clipJson, Fleet, processRssBytes, sleep, SyncClient, type LoadMode, type PhaseResult, type RoomPlan } from './lib/load-generator';
import { percentile, printTable, type BenchRow } from './lib/report';
import { metricFrom, startEvidentServer, startReferenceServer, type ServerUnderTest } from './lib/sync-servers';

const WARMUP_MS = 2000;
const MEASURE_MS = 6000;
const MEMORY_DOCS = 100;
const CLIPS_PER_DOC = 200;

/** Evident's per-socket limit (100 messages/s) would close a max-rate writer: raised for the run. */
const EVIDENT_ENV = { EVIDENT_RATE_PER_SECOND: '1000000', EVIDENT_RATE_BURST: '1000000', EVIDENT_LOG_LEVEL: 'warn' };

interface Scenario {
  id: string;
  label: string;
  plans: RoomPlan[];
  fixed: LoadMode & { kind: 'rate' };
  max: LoadMode & { kind: 'max' };
  replicaEvery: number;
}

const SCENARIOS: Scenario[] = [
  {
    id: 'a',
    label: '(a) 1 writer → 100 observers, 1 room',
    plans: [{ room: 'fanout', writers: 1, observers: 100 }],
    fixed: { kind: 'rate', perWriterPerSecond: 100 },
    max: { kind: 'max', window: 16 },
    replicaEvery: 10,
  },
  {
    id: 'b',
    label: '(b) 20 rooms × 10 clients, 1–2 writers each (30 writers)',
    plans: Array.from({ length: 20 }, (_, i) => {
      const writers = i % 2 === 0 ? 2 : 1;
      return { room: `room-${String(i).padStart(2, '0')}`, writers, observers: 10 - writers };
    }),
    fixed: { kind: 'rate', perWriterPerSecond: 10 },
    max: { kind: 'max', window: 4 },
    replicaEvery: 10,
  },
];

interface PhaseFigures extends PhaseResult {
  p50: number;
  p99: number;
  /** Evident only: the durable append (fsync) per update, from /metrics, over the window. */
  append?: { meanMs: number; busyPercent: number };
  divergent: string[];
}

interface ServerFigures {
  name: string;
  memory: { rssPerDocBytes: number; heapPerDocBytes?: number };
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

/** Server RSS (and Evident's JS heap) per doc: loads N docs, each with one connected client. */
async function measureMemory(server: ServerUnderTest): Promise<ServerFigures['memory']> {
  const content = docContent();
  const heap = async () => (server.metrics ? metricFrom(await server.metrics(), 'evident_sync_nodejs_heap_size_used_bytes') : undefined);
  // Warm-up: load code paths (auth, Yjs, SQLite statements) before the baseline.
  await server.admit(['warm-0', 'warm-1']);
  for (const room of ['warm-0', 'warm-1']) {
    const client = new SyncClient(server.urlFor(room), { isReplica: true, initialUpdate: content });
    await client.synced;
    await client.roundTrip();
    await client.close();
  }
  await sleep(1000);
  const rss0 = processRssBytes(server.pid);
  const heap0 = await heap();
  const rooms = Array.from({ length: MEMORY_DOCS }, (_, i) => `mem-${i}`);
  await server.admit(rooms);
  const clients: SyncClient[] = [];
  for (let i = 0; i < rooms.length; i += 20) {
    const batch = rooms.slice(i, i + 20).map((room) => new SyncClient(server.urlFor(room), { isReplica: true, initialUpdate: content }));
    await Promise.all(batch.map(async (c) => (await c.synced, await c.roundTrip()))); // the server holds the content
    clients.push(...batch);
  }
  await sleep(1500);
  const rss1 = processRssBytes(server.pid);
  const heap1 = await heap();
  await Promise.all(clients.map((c) => c.close()));
  return {
    rssPerDocBytes: (rss1 - rss0) / MEMORY_DOCS,
    heapPerDocBytes: heap0 === undefined || heap1 === undefined ? undefined : (heap1 - heap0) / MEMORY_DOCS,
  };
}

async function runScenario(server: ServerUnderTest, scenario: Scenario, into: Map<string, PhaseFigures>): Promise<void> {
  await server.admit(scenario.plans.map((p) => p.room));
  const fleet = await Fleet.open((room) => server.urlFor(room), scenario.plans, { replicaEvery: scenario.replicaEvery });
  try {
    for (const [phase, mode] of [['fixed', scenario.fixed], ['max', scenario.max]] as const) {
      let before = { sum: 0, count: 0 };
      let append: PhaseFigures['append'];
      let windowStart = 0;
      const appendStats = async () => {
        const text = await server.metrics!();
        return { sum: metricFrom(text, 'evident_sync_append_update_seconds_sum'), count: metricFrom(text, 'evident_sync_append_update_seconds_count') };
      };
      const result = await fleet.runPhase({
        mode,
        warmupMs: WARMUP_MS,
        measureMs: MEASURE_MS,
        serverPid: server.pid,
        atWindowStart: server.metrics
          ? async () => {
              before = await appendStats();
              windowStart = performance.now();
            }
          : undefined,
        atWindowEnd: server.metrics
          ? async () => {
              const after = await appendStats();
              const seconds = after.sum - before.sum;
              const count = after.count - before.count;
              append = { meanMs: count ? (seconds / count) * 1000 : 0, busyPercent: (seconds / ((performance.now() - windowStart) / 1000)) * 100 };
            }
          : undefined,
      });
      into.set(`${scenario.id}-${phase}`, {
        ...result,
        p50: percentile(result.latencies, 50),
        p99: percentile(result.latencies, 99),
        append,
        divergent: fleet.divergentRooms(),
      });
      result.latencies.length = 0;
    }
  } finally {
    await fleet.close();
  }
}

async function measureServer(start: () => Promise<ServerUnderTest>): Promise<ServerFigures> {
  const server = await start();
  try {
    console.error(`  ${server.name} (pid ${server.pid}): memory…`);
    const memory = await measureMemory(server);
    const phases = new Map<string, PhaseFigures>();
    for (const scenario of SCENARIOS) {
      console.error(`  ${server.name}: scenario ${scenario.label}…`);
      await runScenario(server, scenario, phases);
    }
    return { name: server.name, memory, phases };
  } finally {
    await server.stop();
  }
}

const KiB = 1024;

export async function run(): Promise<BenchRow[]> {
  const reference = await measureServer(startReferenceServer);
  const evident = await measureServer(() => startEvidentServer(EVIDENT_ENV));
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

  row({
    case: `memory per loaded doc (${MEMORY_DOCS} docs × ${CLIPS_PER_DOC} clips, ~${Math.round(docContent().byteLength / KiB)} KiB update each, 1 client each; VmRSS delta / N)`,
    metric: 'RSS per doc',
    value: evident.memory.rssPerDocBytes / KiB,
    unit: 'KiB',
    referenceValue: reference.memory.rssPerDocBytes / KiB,
  });
  if (evident.memory.heapPerDocBytes !== undefined) {
    row({ case: 'memory per loaded doc, Evident JS heap used (from /metrics)', metric: 'heap per doc', value: evident.memory.heapPerDocBytes / KiB, unit: 'KiB' });
  }

  for (const scenario of SCENARIOS) {
    for (const phase of ['fixed', 'max'] as const) {
      const ours = evident.phases.get(`${scenario.id}-${phase}`)!;
      const ref = reference.phases.get(`${scenario.id}-${phase}`)!;
      const writers = scenario.plans.reduce((n, p) => n + p.writers, 0);
      const load =
        phase === 'fixed'
          ? `fixed ${scenario.fixed.perWriterPerSecond * writers} updates/s offered (${scenario.fixed.perWriterPerSecond}/s per writer)`
          : `max rate (closed loop, ${scenario.max.window} in flight per writer)`;
      const problems = [
        ours.undelivered || ref.undelivered ? `undelivered: ${ours.undelivered} / ${ref.undelivered}` : '',
        ours.divergent.length || ref.divergent.length ? `divergent: ${[...ours.divergent, ...ref.divergent].join(', ')}` : '',
      ].filter(Boolean);
      const label = `${scenario.label}, ${load}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
      const isMax = phase === 'max';
      row({
        case: `${label}; updates reaching every observer in the window`,
        metric: 'updates/s',
        value: ours.updatesPerSecond,
        unit: '/s',
        referenceValue: ref.updatesPerSecond,
        ...(isMax ? { target: '>= reference', pass: ours.updatesPerSecond >= ref.updatesPerSecond } : {}),
      });
      row({ case: `${label}; deliveries (update × observer)`, metric: 'deliveries/s', value: ours.deliveriesPerSecond, unit: '/s', referenceValue: ref.deliveriesPerSecond });
      row({ case: `${label}; send → receive, all observers`, metric: 'p50 ms', value: ours.p50, unit: 'ms', referenceValue: ref.p50 });
      row({
        case: `${label}; send → receive, all observers`,
        metric: 'p99 ms',
        value: ours.p99,
        unit: 'ms',
        referenceValue: ref.p99,
        ...(isMax ? {} : { target: '<= reference', pass: ours.p99 <= ref.p99 }),
      });
      row({ case: `${label}; server process, % of one core`, metric: 'server CPU %', value: ours.serverCpuPercent, unit: '%', referenceValue: ref.serverCpuPercent });
      row({
        case: `${label}; load generator (same machine, lean raw-ws clients), % of one core`,
        metric: 'generator CPU %',
        value: ours.generatorCpuPercent,
        unit: '%',
        referenceValue: ref.generatorCpuPercent,
      });
      if (ours.append) {
        row({ case: `${label}; Evident durable append (SQLite commit, fsync) per update, /metrics`, metric: 'append mean ms', value: ours.append.meanMs, unit: 'ms' });
        row({ case: `${label}; Evident event loop blocked in appends (share of wall time)`, metric: 'append busy %', value: ours.append.busyPercent, unit: '%' });
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
