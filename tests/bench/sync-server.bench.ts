/**
 * Sync server benchmark: Evident's `evident-sync serve` beside two peers, each as its own process,
 * driven by the same load generator (lib/load-generator.ts) with the same parameters in the same
 * run: the reference y-websocket server `@y/websocket-server` 0.1.1, which persists nothing, and
 * Hocuspocus 4.7 with SQLite (lib/hocuspocus-server.ts), which persists 2–10 s after broadcasting
 * (its store is debounced). Evident commits every update to SQLite (WAL, synchronous=FULL unless
 * SYNC_BENCH_SYNCHRONOUS=normal; group commit on a worker thread) before broadcasting it. Ratios are
 * Evident / peer, one row per peer.
 *
 * Evident runs on its shipped defaults: the main rows are what users run. Its per-socket rate
 * (100 messages/s after a burst of 200, config.ts) caps a max-rate writer by design, so the max-rate
 * phases also run on a second Evident process with that limit lifted, reported as extra rows
 * labelled "rate lifted"; nothing else differs. The peers run on their defaults too.
 *
 * Scenarios: (a) 1 writer → 100 observers in one room; (b) 20 rooms × 10 clients, 1–2 writers
 * each; (c) a burst: 20 rooms × 10 clients, every client sending 100 updates as fast as it can, all
 * at once (lib/burst-load.ts), where what waits inside a server shows. (a) and (b) start fresh
 * processes of the servers and connect their clients to each; then each phase, a fixed offered
 * rate and max rate (closed loop), runs on one server at a time in mirrored order (reference,
 * Hocuspocus, Evident, Evident, Hocuspocus, reference; twice for fixed rates; the lifted Evident in
 * the middle for max rate; warm-up excluded), so drift and other processes' load fall on all alike.
 * (c) runs its bursts in the same order, on fresh processes. Before them, the p99 of one durable
 * commit on this disk (lib/durable-commit-probe.ts), for the fixed-rate target. Memory last (see
 * run()), each on fresh processes with the inspector open: per loaded doc (lib/doc-memory.ts), idle
 * connections held in 1 GB (lib/idle-connections.ts), and memory after 10,000 rooms opened and
 * closed (lib/room-churn.ts). The rows are described in lib/sync-server-rows.ts.
 *
 * The generator runs in this process on the same 2 cores as the server: its CPU, and CPU used by
 * anything else on the machine ("other load"), are reported next to the server's, so a figure
 * limited by the generator or by neighbours shows as such.
 * `npx tsx tests/bench/sync-server.bench.ts`: about 20 minutes; `EVIDENT_BENCH_QUICK=1` checks the
 * code in about 4 (lib/sync-bench-plan.ts); `SYNC_BENCH_SCENARIOS=a` (or a list of `a`, `b`, `c`,
 * `memory`, `idle`, `churn`) runs only those, about 3 minutes for (a) or (b) on their full windows.
 * A full-length window matters for Hocuspocus: it drops a socket that has sent nothing for 60 s,
 * which a quick run is too short to show (the clients send a provider's keep-alive: lib/sync-wire.ts).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BurstFleet, type BurstResult } from './lib/burst-load';
import { measureDocMemory } from './lib/doc-memory';
import { measureDurableCommit, type CommitFigures } from './lib/durable-commit-probe';
import { measureIdleConnections } from './lib/idle-connections';
import { describeWindow, Fleet, sleep, type PhaseResult } from './lib/load-generator';
import { printTable, type BenchRow } from './lib/report';
import { measureRoomChurn } from './lib/room-churn';
import { PLAN, QUICK, type Scenario } from './lib/sync-bench-plan';
import { blankFigures, mergeBursts, mergeWindows, type ServerFigures, type Side } from './lib/sync-server-figures';
import { buildRows } from './lib/sync-server-rows';
import { appendProbe, startEvidentServer, startHocuspocusServer, startReferenceServer, type ServerUnderTest } from './lib/sync-servers';

/**
 * `SYNC_BENCH_SYNCHRONOUS=normal` runs Evident with EVIDENT_SYNCHRONOUS=normal (commits reach the WAL
 * before a broadcast and the disk at the next checkpoint; config.ts), to compare the two modes. Default: full.
 */
const SYNCHRONOUS = process.env.SYNC_BENCH_SYNCHRONOUS ?? 'full';
/** The shipped defaults: nothing set but the log level (and the commit mode, when compared). */
const EVIDENT_ENV = { EVIDENT_LOG_LEVEL: 'warn', EVIDENT_SYNCHRONOUS: SYNCHRONOUS };
/** The extra rows' server: the per-socket rate lifted, to show what the server itself can carry. */
const LIFTED_ENV = { ...EVIDENT_ENV, EVIDENT_RATE_PER_SECOND: '1000000', EVIDENT_RATE_BURST: '1000000' };

const START: Record<Side, (options: { inspect?: boolean }) => Promise<ServerUnderTest>> = {
  evident: (options) => startEvidentServer(EVIDENT_ENV, options),
  reference: (options) => startReferenceServer(options),
  hocuspocus: (options) => startHocuspocusServer(options),
  lifted: async (options) => ({ ...(await startEvidentServer(LIFTED_ENV, options)), name: 'Evident, rate lifted' }),
};

/** `SYNC_BENCH_SCENARIOS=a` (or `b`, `c`, `memory`, `idle`, `churn`) runs some, when studying them; the full run has all. */
const CHOSEN = (process.env.SYNC_BENCH_SCENARIOS ?? 'a,b,c,memory,idle,churn').split(',');
const SCENARIOS = PLAN.scenarios.filter((s) => CHOSEN.includes(s.id));

/** Each server measured twice per phase, in mirrored order, so drift and neighbours' load even out. */
const MIRRORED = ['reference', 'hocuspocus', 'evident', 'evident', 'hocuspocus', 'reference'] as const;
/** Max rate: the lifted Evident in the middle, measured as often as the others. */
const ORDER: Record<'fixed' | 'max', readonly Side[]> = { fixed: MIRRORED, max: ['reference', 'hocuspocus', 'evident', 'lifted', 'lifted', 'evident', 'hocuspocus', 'reference'] as Side[] };

async function startAll<S extends Side>(sides: readonly S[]): Promise<Record<S, ServerUnderTest>> {
  const servers = {} as Record<S, ServerUnderTest>;
  for (const side of sides) servers[side] = await START[side]({});
  return servers;
}

/**
 * One scenario on fresh processes of the servers, clients connected to each; then each phase
 * (fixed rate, max rate) runs on one server at a time, in mirrored order (ORDER).
 */
async function runScenario(scenario: Scenario, figures: Record<Side, ServerFigures>): Promise<void> {
  const sides = ['reference', 'hocuspocus', 'evident', 'lifted'] as const;
  const servers = await startAll(sides);
  const fleets: Partial<Record<Side, Fleet>> = {};
  try {
    for (const side of sides) {
      const server = servers[side];
      console.error(`  ${scenario.label}: ${server.name} (pid ${server.pid})…`);
      await server.admit(scenario.plans.map((p) => p.room));
      fleets[side] = await Fleet.open((room) => server.endpointFor(room), scenario.plans, { replicaEvery: scenario.replicaEvery });
    }
    for (const [phase, mode] of [['fixed', scenario.fixed], ['max', scenario.max]] as const) {
      const windows: Record<Side, PhaseResult[]> = { reference: [], hocuspocus: [], evident: [], lifted: [] };
      const probes: Partial<Record<Side, ReturnType<typeof appendProbe>>> = { evident: appendProbe(servers.evident), lifted: appendProbe(servers.lifted) };
      for (const side of Array.from({ length: PLAN.cycles[phase] }, () => ORDER[phase]).flat()) {
        const probe = probes[side];
        const window = await fleets[side]!.runPhase({
          mode,
          warmupMs: PLAN.warmupMs,
          measureMs: PLAN.measureMs[phase],
          serverPid: servers[side].pid,
          atWindowStart: probe?.atWindowStart,
          atWindowEnd: probe?.atWindowEnd,
        });
        windows[side].push(window);
        console.error(`    ${phase} window, ${servers[side].name}: ${describeWindow(window)}`);
      }
      for (const side of sides) {
        if (windows[side].length === 0) continue;
        figures[side].name = servers[side].name;
        figures[side].phases.set(`${scenario.id}-${phase}`, mergeWindows(windows[side], { append: probes[side]?.result(), divergent: fleets[side]!.divergentRooms(), closed: fleets[side]!.closedByServer() }));
      }
    }
  } finally {
    for (const side of sides) {
      await fleets[side]?.close();
      await servers[side].stop();
    }
  }
}

/** The burst (c) on fresh processes: the same clients' bursts on one server at a time, in mirrored order. */
async function runBurst(figures: Record<Side, ServerFigures>): Promise<void> {
  const sides = ['reference', 'hocuspocus', 'evident'] as const;
  const servers = await startAll(sides);
  const fleets: Partial<Record<Side, BurstFleet>> = {};
  try {
    for (const side of sides) {
      const server = servers[side];
      console.error(`  burst: ${server.name} (pid ${server.pid})…`);
      await server.admit(PLAN.burst.rooms);
      fleets[side] = await BurstFleet.open((room) => server.endpointFor(room), PLAN.burst);
    }
    const results: Record<Side, BurstResult[]> = { reference: [], hocuspocus: [], evident: [], lifted: [] };
    const probe = appendProbe(servers.evident);
    for (const side of MIRRORED) {
      if (side === 'evident') await probe.atWindowStart();
      results[side].push(await fleets[side]!.run({ serverPid: servers[side].pid }));
      if (side === 'evident') await probe.atWindowEnd();
      await sleep(1000); // the last commits and sends settle before the next server's burst
    }
    for (const side of sides) {
      figures[side].name = servers[side].name;
      figures[side].burst = mergeBursts(results[side], side === 'evident' ? probe.result() : undefined);
    }
  } finally {
    for (const side of sides) {
      await fleets[side]?.close();
      await servers[side].stop();
    }
  }
}

/** One memory measurement on a fresh, inspectable process of each server, one server at a time. */
async function onFreshProcesses(what: string, measure: (server: ServerUnderTest, figures: ServerFigures) => Promise<void>, figures: Record<Side, ServerFigures>) {
  for (const side of ['reference', 'hocuspocus', 'evident'] as const) {
    const server = await START[side]({ inspect: true });
    console.error(`  ${what}: ${server.name} (pid ${server.pid})…`);
    try {
      figures[side].name = server.name;
      await measure(server, figures[side]);
    } finally {
      await server.stop();
    }
  }
}

export async function run(): Promise<BenchRow[]> {
  const figures: Record<Side, ServerFigures> = { reference: blankFigures(), hocuspocus: blankFigures(), evident: blankFigures(), lifted: blankFigures() };
  // Before any server runs, on a quiet disk: the fixed-rate target's allowance for storing.
  const commit: CommitFigures | undefined = SCENARIOS.length ? measureDurableCommit(PLAN.durableCommits) : undefined;
  for (const scenario of SCENARIOS) await runScenario(scenario, figures);
  if (CHOSEN.includes('c')) await runBurst(figures);
  // Memory last: loading docs and freeing them leaves this VM reclaiming pages for a while
  // (hypervisor steal of 20–28 % in the next windows, measured), which would fall on the first
  // latency windows of whichever server came first.
  if (CHOSEN.includes('memory')) await onFreshProcesses('memory per doc', async (s, f) => void (f.docMemory = await measureDocMemory(s, PLAN.memoryDocs)), figures);
  if (CHOSEN.includes('idle')) await onFreshProcesses('idle connections', async (s, f) => void (f.idle = await measureIdleConnections(s, PLAN.idle)), figures);
  if (CHOSEN.includes('churn')) await onFreshProcesses('rooms opened and closed', async (s, f) => void (f.churn = await measureRoomChurn(s, PLAN.churn)), figures);
  const rows = buildRows({ figures, scenarios: SCENARIOS, commit, burst: CHOSEN.includes('c') ? PLAN.burst : undefined });
  return QUICK ? rows.map((r) => ({ ...r, case: `QUICK (figures mean nothing) · ${r.case}` })) : rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  printTable(await run());
  console.error(`sync-server benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
