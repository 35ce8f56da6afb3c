/**
 * The sync-server benchmark's rows. Every comparison is Evident (on its defaults, or with its rate
 * lifted where a row says so) against each peer in turn: one row per peer, the peer's raw figure in
 * the reference column and the ratio beside it. Targets:
 * - max-rate throughput ≥ each peer's (updates/s);
 * - fixed-rate p99 ≤ the peer's p99 + the p99 of one durable commit on this disk, measured in the same
 *   run (a server that stores before it broadcasts cannot beat one that stores later, or never, by
 *   less than the cost of storing);
 * - under the burst, p99 ≤ 2× the peer's;
 * - every update delivered to every client in every scenario (delivered %), no socket closed;
 * - 5,000 idle connections held in 1 GB of server memory;
 * - RSS back within 10 % of its baseline after the rooms opened and closed (≤ 110 % of it).
 */
import { availableParallelism } from 'node:os';
import type { BurstPlan } from './burst-load';
import { docContent } from './doc-memory';
import type { CommitFigures } from './durable-commit-probe';
import { ONE_GB } from './idle-connections';
import type { BenchRow } from './report';
import type { MemoryReading } from './server-memory';
import { PLAN, type Scenario } from './sync-bench-plan';
import { PEERS, type Peer, type PhaseFigures, type ServerFigures, type Side } from './sync-server-figures';
import type { AppendFigures } from './sync-servers';

const KiB = 1024;
const MB = 1e6;
const CORES = availableParallelism();

/** How each peer stores, said in every row that compares with it. */
const VERSUS: Record<Peer, string> = {
  reference: 'vs y-websocket (stores nothing)',
  hocuspocus: 'vs Hocuspocus (stores 2–10 s after broadcasting: 2 s debounce, 10 s at most)',
};

interface RowsInput {
  figures: Record<Side, ServerFigures>;
  scenarios: Scenario[];
  commit?: CommitFigures;
  burst?: BurstPlan;
}

type RowSpec = Omit<BenchRow, 'benchmark' | 'ratio' | 'reference'> & { reference?: { name: string; value: number } };

export function buildRows({ figures, scenarios, commit, burst }: RowsInput): BenchRow[] {
  const rows: BenchRow[] = [];
  const row = ({ reference, ...rest }: RowSpec) =>
    rows.push({ benchmark: 'sync-server', ...rest, ...(reference ? { reference, ratio: rest.value / reference.value } : {}) });
  /** One row per peer that has the figure: `spec` gets the peer and its figures, and names the peer's value. */
  const perPeer = <T>(pick: (f: ServerFigures) => T | undefined, spec: (peer: Peer, theirs: T) => RowSpec & { referenceValue: number }) => {
    for (const peer of PEERS) {
      const theirs = pick(figures[peer]);
      if (theirs === undefined) continue;
      const { referenceValue, ...r } = spec(peer, theirs);
      row({ ...r, reference: { name: figures[peer].name, value: referenceValue } });
    }
  };

  if (commit) {
    const label = `one durable commit on this disk: node:sqlite, WAL, synchronous=FULL, one clip per transaction (${commit.commits.toLocaleString('en-GB')} commits)`;
    row({ case: label, metric: 'commit p50 ms', value: commit.p50Ms, unit: 'ms' });
    row({ case: label, metric: 'commit p99 ms', value: commit.p99Ms, unit: 'ms' });
  }
  const commitP99 = commit?.p99Ms ?? 0;

  const appendRows = (label: string, append: AppendFigures | undefined) => {
    if (!append) return;
    row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'append mean ms', value: append.meanMs, unit: 'ms' });
    row({ case: `${label} · Evident: group commit (one fsync each)`, metric: 'updates per commit', value: append.perCommit, unit: '' });
    row({ case: `${label} · Evident: group commit, its transaction in the committer thread`, metric: 'commit mean ms', value: append.commitMeanMs, unit: 'ms' });
    row({ case: `${label} · Evident: hand-off → durable commit, per update`, metric: 'appends over 5 ms', value: append.over5msPercent, unit: '%' });
  };
  /** CPU the machine spent beyond the server and the generator (other processes, steal), % of one core. */
  const other = (f: PhaseFigures) => Math.max(0, Math.round(f.machineBusyPercent * CORES - f.serverCpuPercent - f.generatorCpuPercent));
  const delivered = (f: PhaseFigures) => (f.updatesSent ? (100 * (f.updatesSent - f.undelivered)) / f.updatesSent : Number.NaN);

  for (const scenario of scenarios) {
    const writers = scenario.plans.reduce((n, p) => n + p.writers, 0);
    for (const phase of ['fixed', 'max'] as const) {
      const key = `${scenario.id}-${phase}`;
      const isMax = phase === 'max';
      const load = isMax ? `max rate, ${scenario.max.window} in flight/writer` : `${scenario.fixed.perWriterPerSecond * writers}/s offered`;
      // The shipped defaults, then (max rate only) the same with the per-socket rate lifted.
      const variants: Array<[string, PhaseFigures | undefined]> = [[isMax ? ' · Evident on its defaults (100 messages/s per socket)' : '', figures.evident.phases.get(key)]];
      if (isMax) variants.push([' · Evident with the per-socket rate lifted (EVIDENT_RATE_*=1000000), not the default', figures.lifted.phases.get(key)]);
      for (const [variant, ours] of variants) {
        if (!ours) continue;
        const base = `${scenario.label} · ${load}${variant}`;
        perPeer(
          (f) => f.phases.get(key),
          (peer, theirs) => {
            const problems = [
              ours.undelivered || theirs.undelivered ? `undelivered ${ours.undelivered}/${theirs.undelivered}` : '',
              ours.divergent.length || theirs.divergent.length ? `diverged: ${[...ours.divergent, ...theirs.divergent].join(', ')}` : '',
              ours.closed.length || theirs.closed.length ? `closed: ${[...ours.closed, ...theirs.closed].join(', ')}` : '',
            ].filter(Boolean);
            const label = `${base} · ${VERSUS[peer]}${problems.length ? ` [${problems.join('; ')}]` : ''}`;
            const throughputTarget = isMax ? { target: '>= peer', pass: ours.updatesPerSecond >= theirs.updatesPerSecond } : {};
            row({ case: label, metric: 'updates/s', value: ours.updatesPerSecond, unit: '/s', reference: { name: figures[peer].name, value: theirs.updatesPerSecond }, ...throughputTarget });
            row({ case: label, metric: 'deliveries/s', value: ours.deliveriesPerSecond, unit: '/s', reference: { name: figures[peer].name, value: theirs.deliveriesPerSecond } });
            row({ case: label, metric: 'p50 ms', value: ours.p50, unit: 'ms', reference: { name: figures[peer].name, value: theirs.p50 } });
            if (!isMax) {
              const allowed = theirs.p99 + commitP99;
              row({ case: label, metric: 'p99 ms', value: ours.p99, unit: 'ms', target: `<= peer + commit p99 = ${allowed.toFixed(2)}`, pass: ours.p99 <= allowed, reference: { name: figures[peer].name, value: theirs.p99 } });
            } else {
              row({ case: label, metric: 'p99 ms', value: ours.p99, unit: 'ms', reference: { name: figures[peer].name, value: theirs.p99 } });
            }
            row({ case: `${label} · ${ours.updatesSent - ours.undelivered} of ${ours.updatesSent} updates reached every observer`, metric: 'delivered %', value: delivered(ours), unit: '%', target: '100', pass: ours.undelivered === 0, reference: { name: figures[peer].name, value: delivered(theirs) } });
            row({ case: label, metric: 'server CPU %', value: ours.serverCpuPercent, unit: '%', reference: { name: figures[peer].name, value: theirs.serverCpuPercent } });
            return {
              case: `${label} · lean generator, same machine; other load ${other(ours)}% / ${other(theirs)}% of a core`,
              metric: 'generator CPU %',
              value: ours.generatorCpuPercent,
              unit: '%',
              referenceValue: theirs.generatorCpuPercent,
            };
          },
        );
        appendRows(base, ours.append);
      }
    }
  }

  const ours = figures.evident;
  if (burst && ours.burst) {
    const mine = ours.burst;
    const base = `(c) burst: ${burst.rooms.length} rooms × ${burst.clientsPerRoom} clients, each sending ${burst.updatesPerClient} updates at once; Evident on its defaults; 2 bursts each, mirrored order`;
    const deliveredPercent = (f: { deliveries: number; deliveriesExpected: number }) => (100 * f.deliveries) / f.deliveriesExpected;
    perPeer(
      (f) => f.burst,
      (peer, theirs) => {
        const diverged = [...mine.divergent, ...theirs.divergent];
        const label = `${base} · ${VERSUS[peer]}${diverged.length ? ` [diverged: ${diverged.join(', ')}]` : ''}`;
        const reference = (value: number) => ({ name: figures[peer].name, value });
        row({ case: label, metric: 'fan-out p50 ms', value: mine.p50, unit: 'ms', reference: reference(theirs.p50) });
        row({ case: label, metric: 'fan-out p99 ms', value: mine.p99, unit: 'ms', target: '<= 2x peer', pass: mine.p99 <= 2 * theirs.p99, reference: reference(theirs.p99) });
        row({
          case: `${label} · ${mine.deliveries.toLocaleString('en-GB')} of ${mine.deliveriesExpected.toLocaleString('en-GB')} deliveries`,
          metric: 'delivered %',
          value: deliveredPercent(mine),
          unit: '%',
          target: '100',
          pass: mine.deliveries === mine.deliveriesExpected,
          reference: reference(deliveredPercent(theirs)),
        });
        row({ case: `${label} · the peer: ${theirs.closed.length}`, metric: 'sockets closed', value: mine.closed.length, unit: '', target: '0', pass: mine.closed.length === 0 });
        row({ case: `${label} · first send to last delivery`, metric: 'burst ms', value: mine.durationMs, unit: 'ms', reference: reference(theirs.durationMs) });
        return { case: label, metric: 'server CPU %', value: mine.serverCpuPercent, unit: '%', referenceValue: theirs.serverCpuPercent };
      },
    );
    appendRows(base, mine.append);
  }

  if (ours.docMemory) {
    const { warm, measured, clipsPerDoc } = PLAN.memoryDocs;
    const mine = ours.docMemory;
    const base = `${measured} docs × ${clipsPerDoc} clips (${Math.round(docContent(clipsPerDoc).byteLength / KiB)} KiB), 1 client each, after ${warm} warm-up docs; full GC`;
    perPeer(
      (f) => f.docMemory,
      (peer, theirs) => {
        row({ case: `${base} · ${VERSUS[peer]}`, metric: 'RSS per doc', value: mine.rssPerDocBytes / KiB, unit: 'KiB', reference: { name: figures[peer].name, value: theirs.rssPerDocBytes / KiB } });
        return { case: `${base} · ${VERSUS[peer]}`, metric: 'JS heap+external per doc', value: mine.jsPerDocBytes / KiB, unit: 'KiB', referenceValue: theirs.jsPerDocBytes / KiB };
      },
    );
  }

  if (ours.idle) {
    const mine = ours.idle;
    const { rooms, connections } = PLAN.idle;
    const base = `${connections.toLocaleString('en-GB')} idle connections over ${rooms} empty rooms (1 per room first: the baseline), each synced; full GC; Evident on its defaults`;
    perPeer(
      (f) => f.idle,
      (peer, theirs) => {
        const lost = mine.lost || theirs.lost ? ` [not open at the reading: ${mine.lost}/${theirs.lost}]` : '';
        const label = `${base} · ${VERSUS[peer]}${lost}`;
        row({ case: label, metric: 'RSS per idle connection', value: mine.rssPerConnectionBytes / KiB, unit: 'KiB', reference: { name: figures[peer].name, value: theirs.rssPerConnectionBytes / KiB } });
        row({ case: label, metric: 'JS heap+external per idle connection', value: mine.jsPerConnectionBytes / KiB, unit: 'KiB', reference: { name: figures[peer].name, value: theirs.jsPerConnectionBytes / KiB } });
        row({ case: `${label} · measured with all ${connections.toLocaleString('en-GB')} open`, metric: 'server RSS MB', value: mine.loaded.rssBytes / MB, unit: 'MB', reference: { name: figures[peer].name, value: theirs.loaded.rssBytes / MB } });
        return {
          case: `${label} · extrapolated: (1 GB − baseline RSS ${Math.round(mine.baseline.rssBytes / MB)} MB) / RSS per connection`,
          metric: 'idle connections in 1 GB',
          value: mine.heldInOneGb,
          unit: '',
          target: '>= 5000',
          pass: mine.heldInOneGb >= 5000 && mine.loaded.rssBytes <= ONE_GB,
          referenceValue: theirs.heldInOneGb,
        };
      },
    );
  }

  if (ours.churn) {
    const mine = ours.churn;
    const { warmRooms, rooms } = PLAN.churn;
    /** Memory after the churn as a share of the baseline: 100 % is all given back. */
    const share = (f: { baseline: MemoryReading; after: MemoryReading }, pick: (m: MemoryReading) => number) => (100 * pick(f.after)) / pick(f.baseline);
    const base = `${rooms.toLocaleString('en-GB')} rooms opened and closed (each: 1 client syncs, writes 1 clip, leaves), 50 at a time, after ${warmRooms} warm-up rooms; then each server's own unloading (Evident: 60 s after the last client, its default); full GC`;
    perPeer(
      (f) => f.churn,
      (peer, theirs) => {
        const note = peer === 'reference' ? ' (without persistence it never unloads a doc)' : '';
        const label = `${base} · ${VERSUS[peer]}${note}`;
        const rss = (m: MemoryReading) => m.rssBytes;
        const js = (m: MemoryReading) => m.jsBytes;
        row({ case: `${label} · baseline ${Math.round(mine.baseline.rssBytes / MB)} MB`, metric: 'RSS, % of baseline', value: share(mine, rss), unit: '%', target: '<= 110', pass: share(mine, rss) <= 110, reference: { name: figures[peer].name, value: share(theirs, rss) } });
        row({ case: label, metric: 'JS heap+external, % of baseline', value: share(mine, js), unit: '%', reference: { name: figures[peer].name, value: share(theirs, js) } });
        return { case: `${label} · opening and closing them, without the unloading`, metric: 'churn s', value: mine.churnMs / 1000, unit: 's', referenceValue: theirs.churnMs / 1000 };
      },
    );
  }
  return rows;
}
