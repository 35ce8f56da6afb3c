/**
 * The sync-server benchmark's figures per server, and how the windows of one phase combine.
 */
import type { BurstResult } from './burst-load';
import type { DocMemoryFigures } from './doc-memory';
import type { IdleFigures } from './idle-connections';
import type { PhaseResult } from './load-generator';
import { percentile } from './report';
import type { ChurnFigures } from './room-churn';
import type { AppendFigures } from './sync-servers';

/** Evident on its defaults, the two peers, and Evident with its per-socket rate lifted (extra rows). */
export type Side = 'evident' | 'reference' | 'hocuspocus' | 'lifted';
export type Peer = 'reference' | 'hocuspocus';
export const PEERS: Peer[] = ['reference', 'hocuspocus'];

export interface PhaseFigures extends Omit<PhaseResult, 'latencies'> {
  p50: number;
  p99: number;
  /** Evident only, from /metrics over the windows: hand-off → durable commit per update, and updates per commit. */
  append?: AppendFigures;
  divergent: string[];
  /** Clients whose socket the server closed (Fleet.closedByServer); none should be. */
  closed: string[];
}

export interface BurstFigures extends Omit<BurstResult, 'latencies'> {
  p50: number;
  p99: number;
  append?: AppendFigures;
}

export interface ServerFigures {
  name: string;
  phases: Map<string, PhaseFigures>; // `${scenario}-${fixed|max}`
  burst?: BurstFigures;
  docMemory?: DocMemoryFigures;
  idle?: IdleFigures;
  churn?: ChurnFigures;
}

export const blankFigures = (): ServerFigures => ({ name: '', phases: new Map() });

const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((n, item) => n + pick(item), 0);
const mean = <T>(items: T[], pick: (item: T) => number) => sum(items, pick) / items.length;

/** A server's windows of one phase: rates and CPU averaged (equal windows), counts summed, latencies pooled. */
export function mergeWindows(windows: PhaseResult[], extra: Pick<PhaseFigures, 'append' | 'divergent' | 'closed'>): PhaseFigures {
  const latencies = windows.flatMap((r) => r.latencies);
  return {
    offeredPerSecond: mean(windows, (r) => r.offeredPerSecond),
    updatesPerSecond: mean(windows, (r) => r.updatesPerSecond),
    deliveriesPerSecond: mean(windows, (r) => r.deliveriesPerSecond),
    serverCpuPercent: mean(windows, (r) => r.serverCpuPercent),
    generatorCpuPercent: mean(windows, (r) => r.generatorCpuPercent),
    groupCpuPercent: Object.fromEntries(Object.keys(windows[0]?.groupCpuPercent ?? {}).map((name) => [name, mean(windows, (r) => r.groupCpuPercent[name] ?? 0)])),
    machineBusyPercent: mean(windows, (r) => r.machineBusyPercent),
    machineStealPercent: mean(windows, (r) => r.machineStealPercent),
    updatesSent: sum(windows, (r) => r.updatesSent),
    undelivered: sum(windows, (r) => r.undelivered),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ...extra,
  };
}

/** A server's bursts: latencies pooled, deliveries and closes summed, duration and CPU averaged. */
export function mergeBursts(runs: BurstResult[], append: AppendFigures | undefined): BurstFigures {
  const latencies = runs.flatMap((r) => r.latencies);
  return {
    updatesSent: sum(runs, (r) => r.updatesSent),
    deliveriesExpected: sum(runs, (r) => r.deliveriesExpected),
    deliveries: sum(runs, (r) => r.deliveries),
    closed: runs.flatMap((r) => r.closed),
    divergent: [...new Set(runs.flatMap((r) => r.divergent))],
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    durationMs: mean(runs, (r) => r.durationMs),
    serverCpuPercent: mean(runs, (r) => r.serverCpuPercent),
    append,
  };
}
