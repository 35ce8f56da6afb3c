/**
 * A lean load generator for Yjs sync servers, used unchanged against every server compared (the
 * sync-server benchmark). Clients are raw `ws` sockets speaking y-protocols/sync with lib0 encoding,
 * not full providers (no awareness, no reconnect logic), so hundreds of them fit in one process next
 * to the server on a 2-core machine. Only the envelope differs per server (lib/sync-wire.ts:
 * y-websocket's, or Hocuspocus's document name and auth message), so every server is offered the
 * same messages by a client that costs the same; a server's own provider (Hocuspocus's applies every
 * update to a full Y.Doc and keeps awareness) would put a heavier client on the shared cores for
 * that server alone.
 *
 * Every client does the sync handshake (sends step 1, answers the server's step 1 with step 2,
 * is synced once the server's step 2 arrives) and keeps a Y.Doc. Writers set one clip-like JSON
 * string in a Y.Map per update, under the key `ev_<seq>`: the sequence number travels inside the
 * update, and the generator keeps each one's send time. Observers read the keys back with
 * Y.decodeUpdate (about 1.5 µs) and record receive time − send time for each (a message carries
 * several when a server merges the updates it sends on). Replica observers (one in
 * `replicaEvery`, and at least one per room) also apply every update to their doc, as a real client
 * would; the rest skip that (Y.applyUpdate costs ~20 µs, which for 100 observers would make the
 * generator, not the server, the bottleneck). Writers apply what they receive.
 *
 * Where a server drops a socket that sends nothing (Hocuspocus, after 60 s, even while it is
 * receiving), every client sends the wire's keep-alive every 15 s, as that server's own provider
 * would (lib/sync-wire.ts): observers only listen, and every client is silent while the other
 * servers' phases run, so without it a server with such a timeout loses its observers a minute or
 * two in. A socket the server closes anyway is reported (Fleet.closedByServer), so it does not show
 * only as missing updates and diverged rooms.
 *
 * Two ways to offer load: a fixed rate per writer (open loop, paced by a 1 ms timer), or max rate
 * (closed loop: each writer keeps `window` updates in flight, and sends the next when one has
 * reached every observer of its room). Warm-up is excluded: only deliveries received, and updates
 * completed, inside the measurement window count.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { KEEPALIVE_MS, MESSAGE_SYNC, type Endpoint, type SyncWire } from './sync-wire';

/** Transaction origin of what came from the server: never sent back. */
const REMOTE = Symbol('remote');

export interface RoomPlan {
  room: string;
  writers: number;
  observers: number;
}

/** Which side of a room a client is: the scale-out benchmark sends writers and observers to different instances. */
export type ClientRole = 'writer' | 'observer';

export type LoadMode = { kind: 'rate'; perWriterPerSecond: number } | { kind: 'max'; window: number };

export interface PhaseOptions {
  mode: LoadMode;
  warmupMs: number;
  measureMs: number;
  /** The server process (or processes: several instances), for its CPU time over the window. */
  serverPid: number | readonly number[];
  /**
   * More processes whose CPU time over the window is reported, by name (e.g. PostgreSQL's, Redis):
   * each a function giving the group's CPU time so far, in ms, counting processes that came and
   * went (a connection's backend) so that the difference over the window is what the group used.
   */
  cpuGroups?: Record<string, () => number>;
  /** Run just before the window opens and just after it closes (e.g. to read /metrics). */
  atWindowStart?: () => Promise<void>;
  atWindowEnd?: () => Promise<void>;
  /** How long to wait after the window for updates still in flight. */
  drainMs?: number;
}

export interface PhaseResult {
  /** Updates sent per second in the window (for a fixed rate: what was actually offered). */
  offeredPerSecond: number;
  /** Updates that reached every observer of their room within the window, per second. */
  updatesPerSecond: number;
  /** Single deliveries (one update to one observer) per second. */
  deliveriesPerSecond: number;
  /** Receive time − send time of every delivery in the window, ms. */
  latencies: number[];
  /** Server and generator CPU over the window, % of one core. */
  serverCpuPercent: number;
  generatorCpuPercent: number;
  /** Each of `cpuGroups` over the window, % of one core. */
  groupCpuPercent: Record<string, number>;
  /** The whole machine over the window: busy share of all cores, and time stolen by the hypervisor. */
  machineBusyPercent: number;
  machineStealPercent: number;
  /** Updates sent in the phase, warm-up included, and those of them that never reached every observer (should be none). */
  updatesSent: number;
  undelivered: number;
}

export interface ClientOptions {
  /** Apply received updates to the doc (writers and replica observers). */
  isReplica: boolean;
  /** Content the client holds before it connects (sent in its step 2 answer). */
  initialUpdate?: Uint8Array;
  onUpdate?: (update: Uint8Array, receivedAt: number) => void;
}

function syncMessage(wire: SyncWire, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  wire.writeHeader(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** One raw sync client of one room. */
export class SyncClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** Resolves when the server's step 2 (the answer to our step 1) has arrived. */
  readonly synced: Promise<void>;
  /** Set when the server closed the socket (not this client's close()). */
  closedByServer: { code: number; reason: string } | null = null;
  private readonly roundTrips: Array<() => void> = [];
  private resolveSynced: () => void = () => undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  private closing = false;

  private readonly wire: SyncWire;

  constructor(
    { url, wire }: Endpoint,
    readonly options: ClientOptions,
  ) {
    this.wire = wire;
    const where = url.replace(/\?.*/, '');
    if (options.initialUpdate) Y.applyUpdate(this.doc, options.initialUpdate, REMOTE);
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.synced = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${where}: not synced within 20 s`)), 20_000);
      this.resolveSynced = () => {
        clearTimeout(timer);
        resolve();
      };
      this.ws.once('close', (code) => reject(new Error(`${where}: closed (${code}) before sync`)));
      this.ws.once('error', reject);
    });
    this.synced.catch(() => undefined);
    this.ws.on('error', () => undefined); // reported through `synced`, or by the close
    this.ws.on('open', () => {
      for (const frame of wire.greeting()) this.send(frame);
      this.send(syncMessage(wire, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
      // Each client on its own timer, as each provider renews its awareness on its own.
      if (wire.keepAlive()) {
        this.keepAliveTimer = setInterval(() => this.keepAlive(), KEEPALIVE_MS);
        this.keepAliveTimer.unref();
      }
    });
    this.ws.on('close', (code, reason) => {
      if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
      if (!this.closing) this.closedByServer = { code, reason: reason.toString() };
    });
    this.ws.on('message', this.onMessage);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.send(syncMessage(this.wire, (e) => syncProtocol.writeUpdate(e, update)));
    });
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Sends the wire's keep-alive, where the server needs one from an idle client. */
  keepAlive(): void {
    const frame = this.wire.keepAlive();
    if (frame) this.send(frame);
  }

  /** Resolves once the server has handled everything sent before (it answers a step 1 in order). */
  roundTrip(): Promise<void> {
    return new Promise((resolve) => {
      this.roundTrips.push(resolve);
      this.send(syncMessage(this.wire, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
    });
  }

  private readonly onMessage = (data: WebSocket.RawData) => {
    const receivedAt = performance.now();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
    const decoder = decoding.createDecoder(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (this.wire.readHeader(decoder) !== MESSAGE_SYNC) return; // awareness, auth, save status: not used here
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      this.send(syncMessage(this.wire, (e) => syncProtocol.writeSyncStep2(e, this.doc, stateVector)));
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (kind === syncProtocol.messageYjsSyncStep2) {
      Y.applyUpdate(this.doc, update, REMOTE);
      this.resolveSynced();
      this.roundTrips.shift()?.();
      return;
    }
    this.options.onUpdate?.(update, receivedAt);
    if (this.options.isReplica) Y.applyUpdate(this.doc, update, REMOTE);
  };

  private isOpenOrClosing(): boolean {
    return this.ws.readyState !== WebSocket.CLOSED;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.ws.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
      this.ws.close();
      await Promise.race([closed, sleep(2000)]);
      if (this.isOpenOrClosing()) this.ws.terminate(); // (TypeScript keeps the narrowing across await)
    }
    this.doc.destroy();
  }
}

/** A clip as the extension stores it in the workspace doc, as a JSON string (~350 bytes). */
const QUOTES = [
  'Leaders have an accurate view of the quality of education and where it needs to improve further.',
  'The local authority has not ensured that children with special educational needs receive timely plans.',
  'Pupils attend well and the proportion who are persistently absent has fallen over the last two years.',
  'The council agreed to commission an independent review of its early help arrangements before March.',
  'Governors challenge leaders effectively and hold them to account for the use of additional funding.',
];
export function clipJson(seq: number): string {
  return JSON.stringify({
    id: `ev_${seq}`,
    quote: QUOTES[seq % QUOTES.length],
    source: { title: 'Inspection of local authority children’s services', url: `https://reports.example.gov.uk/${10_000 + (seq % 997)}` },
    page: seq % 40,
    tags: ['send', 'attendance'],
    createdAt: 1_790_000_000_000 + seq,
    author: `user-${seq % 7}`,
  });
}

/** The clip keys an update sets: one per update as sent, several when a server merges what it sends on. */
export function keysOf(update: Uint8Array): string[] {
  const keys: string[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item && typeof struct.parentSub === 'string') keys.push(struct.parentSub);
  }
  return keys;
}

/**
 * User + system CPU time of a process (all threads), in ms, from /proc/<pid>/stat. With
 * `withReapedChildren`, also that of its children that have ended and been waited for (cutime,
 * cstime): a parent whose workers come and go (PostgreSQL's postmaster) then counts them too.
 */
export function processCpuMs(pid: number, { withReapedChildren = false } = {}): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  if (withReapedChildren) ticks += Number(fields[13]) + Number(fields[14]); // cutime, cstime (16 and 17)
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** processCpuMs summed over processes; one that has ended counts as nothing (a connection's backend may come and go). */
export function processesCpuMs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += processCpuMs(pid);
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** Whole-machine CPU counters (all cores), in USER_HZ ticks, from /proc/stat. */
export function machineCpuTicks(): { total: number; idle: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return { total: user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!, idle: idle! + iowait!, steal: steal! };
}

/** A process's resident set (VmRSS), in bytes. */
export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

interface Writer {
  room: string;
  client: SyncClient;
  map: Y.Map<string>;
  observers: number;
  nextAt: number;
}

interface InFlight {
  sentAt: number;
  remaining: number;
  writer: Writer;
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** Clients connected to a set of rooms, ready to run measured phases of load. */
export class Fleet {
  private readonly inFlight = new Map<string, InFlight>();
  private seq = 0;
  private windowStart = Infinity;
  private windowEnd = Infinity;
  private latencies: number[] = [];
  private completed = 0;
  private sentInWindow = 0;
  private sentInPhase = 0;
  private deliveries = 0;
  private mode: LoadMode | null = null;

  private constructor(
    readonly writers: Writer[],
    readonly observers: Array<{ room: string; client: SyncClient }>,
  ) {}

  /** Opens every room's clients (observers first, so no update is missed) and waits for sync. */
  static async open(endpointFor: (room: string, role: ClientRole) => Endpoint, plans: RoomPlan[], { replicaEvery = 10 } = {}): Promise<Fleet> {
    const writers: Writer[] = [];
    const observers: Array<{ room: string; client: SyncClient }> = [];
    const fleet = new Fleet(writers, observers);
    const onUpdate = (update: Uint8Array, receivedAt: number) => fleet.deliver(update, receivedAt);
    const observerJobs = plans.flatMap((plan) =>
      Array.from({ length: plan.observers }, (_, i) => () => ({
        room: plan.room,
        client: new SyncClient(endpointFor(plan.room, 'observer'), { isReplica: i % replicaEvery === 0, onUpdate }),
      })),
    );
    const writerJobs = plans.flatMap((plan) => Array.from({ length: plan.writers }, () => ({ plan })));
    observers.push(...(await inBatches(observerJobs, 25, async (job) => {
      const observer = job();
      await observer.client.synced;
      return observer;
    })));
    writers.push(...(await inBatches(writerJobs, 25, async ({ plan }) => {
      const client = new SyncClient(endpointFor(plan.room, 'writer'), { isReplica: true });
      await client.synced;
      return { room: plan.room, client, map: client.doc.getMap<string>('clips'), observers: plan.observers, nextAt: 0 };
    })));
    return fleet;
  }

  private isInWindow(t: number): boolean {
    return t >= this.windowStart && t < this.windowEnd;
  }

  private sendFrom(writer: Writer): void {
    const key = `ev_${++this.seq}`;
    const entry: InFlight = { sentAt: 0, remaining: writer.observers, writer };
    this.inFlight.set(key, entry);
    const now = performance.now();
    if (this.isInWindow(now)) this.sentInWindow++;
    this.sentInPhase++;
    // The update is encoded and sent inside set() (the doc's 'update' handler); nothing can
    // arrive before this turn of the event loop ends, so the clock read here is the send time.
    entry.sentAt = now;
    writer.map.set(key, clipJson(this.seq));
  }

  private deliver(update: Uint8Array, receivedAt: number): void {
    for (const key of keysOf(update)) this.deliverKey(key, receivedAt);
  }

  private deliverKey(key: string, receivedAt: number): void {
    const entry = this.inFlight.get(key);
    if (!entry) return;
    if (this.isInWindow(receivedAt)) {
      this.latencies.push(receivedAt - entry.sentAt);
      this.deliveries++;
    }
    if (--entry.remaining > 0) return;
    this.inFlight.delete(key);
    if (this.isInWindow(receivedAt)) this.completed++;
    if (this.mode?.kind === 'max') this.sendFrom(entry.writer); // closed loop: one out, one in
  }

  async runPhase({ mode, warmupMs, measureMs, serverPid, cpuGroups = {}, drainMs = 5000, atWindowStart, atWindowEnd }: PhaseOptions): Promise<PhaseResult> {
    const serverPids = typeof serverPid === 'number' ? [serverPid] : serverPid;
    this.latencies = [];
    this.completed = 0;
    this.sentInWindow = 0;
    this.sentInPhase = 0;
    this.deliveries = 0;
    this.mode = mode;
    const t0 = performance.now();
    this.windowStart = t0 + warmupMs;
    this.windowEnd = Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;

    if (mode.kind === 'max') {
      for (const writer of this.writers) for (let i = 0; i < mode.window; i++) this.sendFrom(writer);
    } else {
      const interval = 1000 / mode.perWriterPerSecond;
      this.writers.forEach((w, i) => (w.nextAt = t0 + (interval * i) / this.writers.length));
      const tick = () => {
        const now = performance.now();
        for (const writer of this.writers) {
          // A generator that fell behind by more than 50 ms does not burst to catch up.
          if (now - writer.nextAt > 50) writer.nextAt = now;
          while (writer.nextAt <= now) {
            this.sendFrom(writer);
            writer.nextAt += interval;
          }
        }
        timer = setTimeout(tick, 1);
      };
      tick();
    }

    await sleep(warmupMs);
    await atWindowStart?.();
    const groups = Object.entries(cpuGroups).map(([name, cpuMs]) => ({ name, cpuMs }));
    const groupStart = groups.map(({ cpuMs }) => cpuMs());
    const cpuStart = { server: processesCpuMs(serverPids), generator: process.cpuUsage(), machine: machineCpuTicks() };
    const windowStart = performance.now();
    this.windowStart = windowStart;
    await sleep(measureMs);
    const windowEnd = performance.now();
    this.windowEnd = windowEnd;
    const serverCpu = processesCpuMs(serverPids) - cpuStart.server;
    const groupCpu = groups.map(({ cpuMs }, i) => cpuMs() - groupStart[i]!);
    const generatorCpu = process.cpuUsage(cpuStart.generator);
    const machine = machineCpuTicks();
    const machineTicks = machine.total - cpuStart.machine.total;
    await atWindowEnd?.();
    this.mode = null; // stop: no more sends
    if (timer) clearTimeout(timer);
    const drainUntil = performance.now() + drainMs;
    while (this.inFlight.size > 0 && performance.now() < drainUntil) await sleep(20);
    const undelivered = this.inFlight.size;
    this.inFlight.clear();

    const seconds = (windowEnd - windowStart) / 1000;
    return {
      offeredPerSecond: this.sentInWindow / seconds,
      updatesPerSecond: this.completed / seconds,
      deliveriesPerSecond: this.deliveries / seconds,
      latencies: this.latencies,
      serverCpuPercent: (serverCpu / 1000 / seconds) * 100,
      generatorCpuPercent: ((generatorCpu.user + generatorCpu.system) / 1e6 / seconds) * 100,
      groupCpuPercent: Object.fromEntries(groups.map(({ name }, i) => [name, (groupCpu[i]! / 1000 / seconds) * 100])),
      machineBusyPercent: (1 - (machine.idle - cpuStart.machine.idle) / machineTicks) * 100,
      machineStealPercent: ((machine.steal - cpuStart.machine.steal) / machineTicks) * 100,
      updatesSent: this.sentInPhase,
      undelivered,
    };
  }

  /**
   * Clients whose socket the server closed, by room, role and close code (e.g. `fanout: 20
   * observers closed by the server (4408 Connection Timeout)`); none should be. Such a client gets
   * nothing more, so its room's updates stay undelivered and its doc falls behind.
   */
  closedByServer(): string[] {
    const counts = new Map<string, number>();
    const note = (room: string, role: ClientRole, client: SyncClient) => {
      if (!client.closedByServer) return;
      const { code, reason } = client.closedByServer;
      const key = `${room}\0${role}\0${code}${reason ? ` ${reason}` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    };
    for (const w of this.writers) note(w.room, 'writer', w.client);
    for (const o of this.observers) note(o.room, 'observer', o.client);
    return [...counts].map(([key, n]) => {
      const [room, role, why] = key.split('\0');
      return `${room}: ${n} ${role}${n === 1 ? '' : 's'} closed by the server (${why})`;
    });
  }

  /**
   * Rooms whose docs differ after a phase has drained: every writer and replica observer of a
   * room should hold the same number of clips. Returns descriptions of the differences.
   */
  divergentRooms(): string[] {
    const sizes = new Map<string, Set<number>>();
    const note = (room: string, client: SyncClient) => {
      const set = sizes.get(room) ?? new Set<number>();
      set.add(client.doc.getMap('clips').size);
      sizes.set(room, set);
    };
    for (const w of this.writers) note(w.room, w.client);
    for (const o of this.observers) if (o.client.options.isReplica) note(o.room, o.client);
    return [...sizes].filter(([, set]) => set.size > 1).map(([room, set]) => `${room}: ${[...set].join('/')} clips`);
  }

  async close(): Promise<void> {
    await inBatches([...this.writers, ...this.observers], 50, ({ client }) => client.close());
  }
}

/** One window's figures as a progress line: a p99 that one window spoils shows which, and what the machine was doing. */
export function describeWindow(window: PhaseResult): string {
  const sorted = [...window.latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : '–');
  return (
    `${window.updatesPerSecond.toFixed(0)} updates/s, p50 ${at(0.5)} / p99 ${at(0.99)} ms; ` +
    `server ${window.serverCpuPercent.toFixed(0)} %, generator ${window.generatorCpuPercent.toFixed(0)} %` +
    Object.entries(window.groupCpuPercent).map(([name, percent]) => `, ${name} ${percent.toFixed(0)} %`).join('') +
    ` of a core; machine busy ${window.machineBusyPercent.toFixed(0)} %, steal ${window.machineStealPercent.toFixed(1)} %`
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
