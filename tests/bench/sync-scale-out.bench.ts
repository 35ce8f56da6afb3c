/**
 * Scale-out benchmark: Evident on PostgreSQL as one instance, and as two instances on PostgreSQL +
 * Redis with every room's writers on one instance and its observers on the other (so every delivery
 * crosses instances: commit, XADD, XREAD, send), beside single-instance SQLite Evident, the reference
 * y-websocket server `@y/websocket-server` 0.1.1 (stores nothing) and Hocuspocus 4.7 as two
 * instances with `@hocuspocus/extension-redis` 4.7.0 (pub/sub, at most once) storing to PostgreSQL
 * 2–10 s after broadcasting. Same load generator, scenarios and windows as the sync-server benchmark
 * (lib/sync-bench-plan.ts): (a) 1 writer → 100 observers, (b) 20 rooms × 10 clients; a fixed rate,
 * then max rate; each phase on one side at a time, in mirrored order, with every side's clients
 * connected throughout. Evident runs on its shipped defaults; its per-socket rate (100 messages/s)
 * caps a max-rate writer by design, so the max-rate phase also runs on one and two PostgreSQL
 * instances with that limit lifted (rows labelled so): the two-versus-one throughput target is read
 * from those. Then memory per loaded doc and per idle connection, on fresh processes, on one
 * instance each.
 *
 * Everything runs on this machine's cores: servers, PostgreSQL, Redis and the generator. The rows
 * give the generator's CPU, PostgreSQL's and Redis's, and how busy the machine was, so a figure the
 * machine limits says so; the model of ten instances (lib/scale-out-figures.ts) is made from CPU
 * per update, which does not depend on how many cores were free.
 *
 * `npx tsx tests/bench/sync-scale-out.bench.ts`; `EVIDENT_BENCH_QUICK=1` checks the code in a few
 * minutes; `SYNC_BENCH_SCENARIOS=a` (or `b`, `memory`, or a list) runs only those, about 5 minutes
 * for (a) on its full windows. Hocuspocus drops a socket that has sent nothing for 60 s, which a
 * quick run is too short to show; the clients send a provider's keep-alive (lib/sync-wire.ts).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { measureDocMemory } from './lib/doc-memory';
import { measureIdleConnections } from './lib/idle-connections';
import { describeWindow, Fleet, type PhaseResult } from './lib/load-generator';
import { printTable, type BenchRow } from './lib/report';
import { isLifted, SCALE_SIDES, type ScaleFigures, type ScaleSide } from './lib/scale-out-figures';
import { buildScaleRows } from './lib/scale-out-rows';
import { startEvidentOnPostgres, startHocuspocusPair, startInfrastructure, type Infrastructure } from './lib/scale-out-servers';
import { PLAN, QUICK, type Scenario } from './lib/sync-bench-plan';
import { mergeWindows } from './lib/sync-server-figures';
import { appendProbe, startEvidentServer, startReferenceServer, type ServerUnderTest } from './lib/sync-servers';

/** The shipped defaults: nothing set but the log level. */
const EVIDENT_ENV = { EVIDENT_LOG_LEVEL: 'warn' };
const LIFTED_ENV = { ...EVIDENT_ENV, EVIDENT_RATE_PER_SECOND: '1000000', EVIDENT_RATE_BURST: '1000000' };
const LIFTED = 'per-socket rate lifted (EVIDENT_RATE_*=1000000), not the default';

type Started = ServerUnderTest & { pids?: number[] };

function starter(infra: Infrastructure): Record<ScaleSide, (options: { inspect?: boolean }) => Promise<Started>> {
  return {
    reference: (options) => startReferenceServer(options),
    sqlite: async (options) => ({ ...(await startEvidentServer(EVIDENT_ENV, options)), name: 'Evident, 1 instance, SQLite' }),
    pg1: (options) => startEvidentOnPostgres(infra, { instances: 1, env: EVIDENT_ENV, label: 'Evident, 1 instance, PostgreSQL', ...options }),
    pg2: (options) => startEvidentOnPostgres(infra, { instances: 2, env: EVIDENT_ENV, label: 'Evident, 2 instances, PostgreSQL + Redis', ...options }),
    hocuspocus2: (options) => startHocuspocusPair(infra, options),
    pg1Lifted: (options) => startEvidentOnPostgres(infra, { instances: 1, env: LIFTED_ENV, label: `Evident, 1 instance, PostgreSQL, ${LIFTED}`, ...options }),
    pg2Lifted: (options) => startEvidentOnPostgres(infra, { instances: 2, env: LIFTED_ENV, label: `Evident, 2 instances, PostgreSQL + Redis, ${LIFTED}`, ...options }),
  };
}

const usesInfrastructure = (side: ScaleSide) => side !== 'reference' && side !== 'sqlite';
const isEvident = (side: ScaleSide) => side !== 'reference' && side !== 'hocuspocus2';

/** Each side measured twice per phase, in mirrored order; the lifted sides at max rate only. */
function orderOf(phase: 'fixed' | 'max'): ScaleSide[] {
  const sides = SCALE_SIDES.filter((side) => phase === 'max' || !isLifted(side));
  return [...sides, ...[...sides].reverse()];
}

async function runScenario(scenario: Scenario, infra: Infrastructure, figures: Record<ScaleSide, ScaleFigures>): Promise<void> {
  const start = starter(infra);
  const servers: Partial<Record<ScaleSide, Started>> = {};
  const fleets: Partial<Record<ScaleSide, Fleet>> = {};
  try {
    for (const side of SCALE_SIDES) {
      const server = (servers[side] = await start[side]({}));
      console.error(`  ${scenario.label}: ${server.name} (pid ${server.pids?.join(', ') ?? server.pid})…`);
      await server.admit(scenario.plans.map((p) => p.room));
      fleets[side] = await Fleet.open((room, role) => server.endpointFor(room, role), scenario.plans, { replicaEvery: scenario.replicaEvery });
    }
    for (const [phase, mode] of [['fixed', scenario.fixed], ['max', scenario.max]] as const) {
      const windows: Partial<Record<ScaleSide, PhaseResult[]>> = {};
      const probes = Object.fromEntries(SCALE_SIDES.filter(isEvident).map((side) => [side, appendProbe(servers[side]!)])) as Partial<Record<ScaleSide, ReturnType<typeof appendProbe>>>;
      for (const side of Array.from({ length: PLAN.cycles[phase] }, () => orderOf(phase)).flat()) {
        const server = servers[side]!;
        const window = await fleets[side]!.runPhase({
          mode,
          warmupMs: PLAN.warmupMs,
          measureMs: PLAN.measureMs[phase],
          serverPid: server.pids ?? server.pid,
          cpuGroups: usesInfrastructure(side) ? infra.cpuGroups : {},
          atWindowStart: probes[side]?.atWindowStart,
          atWindowEnd: probes[side]?.atWindowEnd,
        });
        (windows[side] ??= []).push(window);
        console.error(`    ${phase} window, ${server.name}: ${describeWindow(window)}`);
      }
      for (const side of SCALE_SIDES) {
        const sideWindows = windows[side];
        if (!sideWindows?.length) continue;
        figures[side].name = servers[side]!.name;
        figures[side].phases.set(`${scenario.id}-${phase}`, mergeWindows(sideWindows, { append: probes[side]?.result(), divergent: fleets[side]!.divergentRooms(), closed: fleets[side]!.closedByServer() }));
      }
    }
  } finally {
    for (const side of SCALE_SIDES) {
      await fleets[side]?.close();
      await servers[side]?.stop();
    }
  }
}

/** Memory per loaded doc, and idle connections, on a fresh inspectable process (or pair: measured on one instance) of each side. */
async function measureMemory(infra: Infrastructure, figures: Record<ScaleSide, ScaleFigures>): Promise<void> {
  const start = starter(infra);
  for (const side of ['reference', 'sqlite', 'pg1', 'pg2', 'hocuspocus2'] as const) {
    for (const [what, measure] of [
      ['memory per doc', async (server: Started) => void (figures[side].docMemory = await measureDocMemory(server, PLAN.memoryDocs))],
      ['idle connections', async (server: Started) => void (figures[side].idle = await measureIdleConnections(server, PLAN.idle))],
    ] as const) {
      const server = await start[side]({ inspect: true });
      console.error(`  ${what}: ${server.name} (pid ${server.pid})…`);
      try {
        figures[side].name = server.name;
        await measure(server);
      } finally {
        await server.stop();
      }
    }
  }
}

/** `SYNC_BENCH_SCENARIOS=a` (or `b`, `memory`) runs some, when studying them; the full run has all. */
const CHOSEN = (process.env.SYNC_BENCH_SCENARIOS ?? 'a,b,memory').split(',');

export async function run(): Promise<BenchRow[]> {
  const figures = Object.fromEntries(SCALE_SIDES.map((side) => [side, { name: side, phases: new Map() }])) as Record<ScaleSide, ScaleFigures>;
  const scenarios = PLAN.scenarios.filter((s) => CHOSEN.includes(s.id));
  const infra = await startInfrastructure();
  try {
    for (const scenario of scenarios) await runScenario(scenario, infra, figures);
    if (CHOSEN.includes('memory')) await measureMemory(infra, figures);
  } finally {
    await infra.stop();
  }
  const { rows, model } = buildScaleRows({ figures, scenarios });
  if (model) {
    const { perUpdateMs: ms, bounds } = model;
    console.error(
      [
        `Model of ${model.instances} instances (each on 2 cores like this machine; PostgreSQL on 2 cores; Redis on its one thread),`,
        `from CPU per update measured in (b) at max rate on two instances (per resource, the costlier of the default and rate-lifted windows):`,
        `  Evident ${ms.evident.toFixed(3)} ms (both instances: commit hand-off, XADD, XREAD, sends), PostgreSQL ${ms.postgres.toFixed(3)} ms, Redis ${ms.redis.toFixed(3)} ms`,
        `  instances carry ${Math.round(bounds.instances)} updates/s, PostgreSQL ${Math.round(bounds.postgres)}, Redis ${Math.round(bounds.redis)}:`,
        `  about ${Math.round(model.updatesPerSecond)} updates/s, limited by ${model.limitedBy}.`,
      ].join('\n'),
    );
  }
  return QUICK ? rows.map((r) => ({ ...r, case: `QUICK (figures mean nothing) · ${r.case}` })) : rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  printTable(await run());
  console.error(`sync-scale-out benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
