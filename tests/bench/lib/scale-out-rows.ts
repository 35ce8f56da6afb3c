/**
 * The scale-out benchmark's rows. Each side's raw figures per scenario and phase, with a reference
 * column where a comparison is the point; then the targets:
 * - cross-instance fan-out p99 (two instances, fixed rate) ≤ 2× single-instance SQLite Evident's p99;
 * - two instances' max-rate throughput ≥ 1.6× one instance's (both with the per-socket rate lifted,
 *   or a writer's 100 messages/s would cap both), judged only when the machine is not the limit;
 * - 5,000 idle connections per instance in ≤ 1 GB;
 * and the model of ten instances from the per-update CPU measured (scale-out-figures.ts).
 */
import { availableParallelism } from 'node:os';
import { docContent } from './doc-memory';
import { ONE_GB } from './idle-connections';
import type { BenchRow } from './report';
import { cpuMsPerUpdate, modelInstances, SCALE_SIDES, type ScaleFigures, type ScaleSide, type TenInstanceModel } from './scale-out-figures';
import { PLAN, type Scenario } from './sync-bench-plan';
import type { PhaseFigures } from './sync-server-figures';

const KiB = 1024;
const MB = 1e6;
const CORES = availableParallelism();
/** Past this, the window was limited by the machine (all its cores busy) or by the generator (its one thread), not by the servers. */
const BUSY_MACHINE_PERCENT = 90;
const BUSY_GENERATOR_PERCENT = 85;

export interface ScaleRowsInput {
  figures: Record<ScaleSide, ScaleFigures>;
  scenarios: Scenario[];
}

const delivered = (f: PhaseFigures) => (f.updatesSent ? (100 * (f.updatesSent - f.undelivered)) / f.updatesSent : Number.NaN);

/** Why a window's throughput says nothing about the servers' scaling, or null when it does. */
export function machineLimit(f: PhaseFigures): string | null {
  if (f.generatorCpuPercent >= BUSY_GENERATOR_PERCENT) return `the load generator used ${Math.round(f.generatorCpuPercent)}% of a core (its one thread is the bottleneck)`;
  if (f.machineBusyPercent >= BUSY_MACHINE_PERCENT) return `the machine was ${Math.round(f.machineBusyPercent)}% busy on ${CORES} cores (servers, PostgreSQL, Redis and generator share them)`;
  return null;
}

export function buildScaleRows({ figures, scenarios }: ScaleRowsInput): { rows: BenchRow[]; model: TenInstanceModel | null } {
  const rows: BenchRow[] = [];
  const row = (r: Omit<BenchRow, 'benchmark' | 'ratio'>) =>
    rows.push({ benchmark: 'sync-scale-out', ...r, ...(r.reference ? { ratio: r.value / r.reference.value } : {}) });
  const ref = (side: ScaleSide, value: number | undefined) => (value === undefined ? undefined : { name: figures[side].name, value });

  for (const scenario of scenarios) {
    for (const phase of ['fixed', 'max'] as const) {
      const key = `${scenario.id}-${phase}`;
      const writers = scenario.plans.reduce((n, p) => n + p.writers, 0);
      const load = phase === 'max' ? `max rate, ${scenario.max.window} in flight/writer` : `${scenario.fixed.perWriterPerSecond * writers}/s offered`;
      const sqlite = figures.sqlite.phases.get(key);
      for (const side of SCALE_SIDES) {
        const f = figures[side].phases.get(key);
        if (!f) continue;
        const problems = [
          f.undelivered ? `undelivered ${f.undelivered}` : '',
          f.divergent.length ? `diverged: ${f.divergent.join(', ')}` : '',
          f.closed.length ? `closed: ${f.closed.join(', ')}` : '',
        ].filter(Boolean);
        const label = `${scenario.label} · ${load} · ${figures[side].name}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
        const cpu = Object.entries(f.groupCpuPercent)
          .map(([name, percent]) => `${name} ${Math.round(percent)}%`)
          .join(', ');
        row({ case: label, metric: 'updates/s', value: f.updatesPerSecond, unit: '/s', reference: side === 'sqlite' ? undefined : ref('sqlite', sqlite?.updatesPerSecond) });
        row({ case: label, metric: 'p50 ms', value: f.p50, unit: 'ms', reference: side === 'sqlite' ? undefined : ref('sqlite', sqlite?.p50) });
        const isCrossInstanceTarget = side === 'pg2' && phase === 'fixed' && sqlite;
        row({
          case: label,
          metric: 'p99 ms',
          value: f.p99,
          unit: 'ms',
          reference: side === 'sqlite' ? undefined : ref('sqlite', sqlite?.p99),
          ...(isCrossInstanceTarget ? { target: '<= 2x one SQLite instance', pass: f.p99 <= 2 * sqlite.p99 } : {}),
        });
        row({ case: `${label} · ${f.updatesSent - f.undelivered} of ${f.updatesSent}`, metric: 'delivered %', value: delivered(f), unit: '%', target: '100', pass: f.undelivered === 0 });
        row({ case: `${label}${cpu ? ` · besides: ${cpu} of a core` : ''}`, metric: 'server CPU %', value: f.serverCpuPercent, unit: '%' });
        row({ case: `${label} · machine ${Math.round(f.machineBusyPercent)}% busy on ${CORES} cores, steal ${Math.round(f.machineStealPercent)}%`, metric: 'generator CPU %', value: f.generatorCpuPercent, unit: '%' });
      }
      if (phase === 'max') {
        const one = figures.pg1Lifted.phases.get(key);
        const two = figures.pg2Lifted.phases.get(key);
        if (one && two) {
          // One room at max rate is a closed loop: its pace is its round trip, which a second instance lengthens (XADD, XREAD).
          const oneRoom = scenario.plans.length === 1 ? 'one room: a closed loop paced by its round trip, not by capacity' : null;
          const limit = oneRoom ?? machineLimit(two) ?? machineLimit(one);
          row({
            case: `${scenario.label} · max rate, per-socket rate lifted · two instances (PostgreSQL + Redis) vs one (PostgreSQL)${limit ? ` · not judged: ${limit}` : ''}`,
            metric: 'throughput ratio',
            value: two.updatesPerSecond,
            unit: '/s',
            reference: { name: figures.pg1Lifted.name, value: one.updatesPerSecond },
            target: '>= 1.6x one instance',
            ...(limit ? {} : { pass: two.updatesPerSecond >= 1.6 * one.updatesPerSecond }),
          });
        }
      }
    }
  }

  for (const side of SCALE_SIDES) {
    const { docMemory, idle, name } = figures[side];
    if (docMemory) {
      const { warm, measured, clipsPerDoc } = PLAN.memoryDocs;
      const label = `${measured} docs × ${clipsPerDoc} clips (${Math.round(docContent(clipsPerDoc).byteLength / KiB)} KiB), 1 client each, after ${warm} warm-up docs; full GC · ${name}`;
      row({ case: label, metric: 'RSS per doc', value: docMemory.rssPerDocBytes / KiB, unit: 'KiB' });
      row({ case: label, metric: 'JS heap+external per doc', value: docMemory.jsPerDocBytes / KiB, unit: 'KiB' });
    }
    if (idle) {
      const { rooms, connections } = PLAN.idle;
      const label = `${connections.toLocaleString('en-GB')} idle connections over ${rooms} rooms, on one instance · ${name}${idle.lost ? ` [not open at the reading: ${idle.lost}]` : ''}`;
      row({ case: label, metric: 'RSS per idle connection', value: idle.rssPerConnectionBytes / KiB, unit: 'KiB' });
      row({ case: `${label} · all open`, metric: 'server RSS MB', value: idle.loaded.rssBytes / MB, unit: 'MB' });
      row({
        case: `${label} · extrapolated: (1 GB − baseline RSS ${Math.round(idle.baseline.rssBytes / MB)} MB) / RSS per connection`,
        metric: 'idle connections in 1 GB',
        value: idle.heldInOneGb,
        unit: '',
        target: '>= 5000 per instance',
        pass: idle.heldInOneGb >= 5000 && idle.loaded.rssBytes <= ONE_GB,
      });
    }
  }

  const model = tenInstanceModel(figures);
  if (model) {
    const { perUpdateMs: ms, bounds } = model;
    const basis = `from (b) at max rate on two instances (the costlier of the default and rate-lifted windows): per update ${ms.evident.toFixed(3)} ms of Evident CPU (both instances), ${ms.postgres.toFixed(3)} ms of PostgreSQL, ${ms.redis.toFixed(3)} ms of Redis`;
    row({ case: `model: ${model.instances} instances of 2 cores · ${basis}`, metric: 'instance-bound updates/s', value: bounds.instances, unit: '/s' });
    row({ case: `model: PostgreSQL on 2 cores · ${basis}`, metric: 'PostgreSQL-bound updates/s', value: bounds.postgres, unit: '/s' });
    row({ case: `model: Redis on its one thread · ${basis}`, metric: 'Redis-bound updates/s', value: bounds.redis, unit: '/s' });
    row({ case: `model: ${model.instances} instances, limited by ${model.limitedBy}`, metric: 'updates/s', value: model.updatesPerSecond, unit: '/s' });
  }
  return { rows, model };
}

/**
 * The model from the many-rooms scenario's max-rate windows on two instances (a team per room, as
 * deployed), on the defaults and with the rate lifted: per resource, the costlier of the two, since a
 * window the machine's neighbours disturbed can make group commits larger and an update look cheaper.
 */
function tenInstanceModel(figures: Record<ScaleSide, ScaleFigures>): TenInstanceModel | null {
  const windows = [figures.pg2.phases.get('b-max'), figures.pg2Lifted.phases.get('b-max')].filter((f): f is PhaseFigures => f !== undefined && f.updatesPerSecond > 0);
  if (!windows.length) return null;
  const costliest = (percentOf: (f: PhaseFigures) => number | undefined) => Math.max(...windows.map((f) => cpuMsPerUpdate(percentOf(f) ?? 0, f.updatesPerSecond)));
  return modelInstances({
    evident: costliest((f) => f.serverCpuPercent),
    postgres: costliest((f) => f.groupCpuPercent.PostgreSQL),
    redis: costliest((f) => f.groupCpuPercent.Redis),
  });
}
