import { Worker } from 'node:worker_threads';
import { err, ok, type Result } from '../../shared/result';
import type { SyncMetrics } from '../http/metrics';
import type { Logger } from '../log';
import type { StoredPack } from './render-stored-pack';
import type { FromRenderWorker, PackSource, RenderRequest, RenderWorkerData } from './render-worker';

export type { StoredPack } from './render-stored-pack';

/** busy: too many packs waiting; failed: this one could not be made (logged); closed: the server is stopping. */
export type RenderProblem = 'busy' | 'failed' | 'closed';

export interface PackRenderer {
  /** The workspace's pack from what the store holds now (render-stored-pack.ts), made on the worker thread. */
  render(workspace: string, options: { gzip: boolean }): Promise<Result<StoredPack, RenderProblem>>;
  /** Starts the worker if it is not running, so the next render does not wait for it (an invite was just exchanged). */
  warm(): void;
  /** Fails what waits with 'closed' and ends the worker. */
  close(): Promise<void>;
}

export interface PackRendererOptions {
  /** The database the worker reads packs from. */
  source: PackSource;
  metrics: SyncMetrics;
  log: Logger;
  /** Distinct packs waiting beyond this are refused ('busy', the page answers 503). */
  maxWaiting?: number;
  /** A render taking longer ends the worker (a renderer stuck in a loop must not hold the queue for good). */
  timeoutMs?: number;
  /**
   * The worker ends after this long with nothing to do, handing back its memory (~100 MB of the
   * process's RSS after 10,000-clip packs); the next pack then pays a cold start (about +0.5 s).
   */
  idleStopMs?: number;
}

interface Job {
  workspace: string;
  gzip: boolean;
  /** Times it was handed to a worker: one whose worker died is tried once more, on a new one. */
  attempts: number;
  waiters: Array<(result: Result<StoredPack, RenderProblem>) => void>;
}

const WORKER_ENTRY = new URL('./render-worker-entry.mjs', import.meta.url);

/**
 * One worker thread makes packs one at a time, in arrival order: a pack is CPU for seconds, and the
 * build machines have two cores, one of which the event loop and the store's workers need. Requests
 * for a workspace's pack that arrive while another for it is still waiting (a reload, a board of
 * six opening the link at once) share that one, which reads the store only when it starts, so each
 * gets a pack at least as new as its request. Started on first use. A worker that dies (a crash, an
 * out-of-memory abort: V8's heap limit applies per thread) takes nothing else down: its pack is
 * tried once more on a new worker, and fails if that one dies too.
 */
export function createPackRenderer({ source, metrics, log, maxWaiting = 16, timeoutMs = 120_000, idleStopMs = 600_000 }: PackRendererOptions): PackRenderer {
  const waiting: Job[] = [];
  let running: { job: Job; id: number; timer: ReturnType<typeof setTimeout>; stopTimer: () => void } | null = null;
  let worker: Promise<Worker> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let isClosed = false;

  const settle = (job: Job, result: Result<StoredPack, RenderProblem>) => {
    for (const resolve of job.waiters) resolve(result);
  };

  function startWorker(): Promise<Worker> {
    const data: RenderWorkerData = { source };
    const thread = new Worker(WORKER_ENTRY, { workerData: data, name: 'evident-pack-render' });
    const started = new Promise<Worker>((ready, fail) => {
      thread.once('message', (message: FromRenderWorker) => {
        if (message.type === 'ready') ready(thread);
        else fail(new Error(message.type === 'open-failed' ? message.error : `unexpected ${message.type} before ready`));
      });
      thread.once('error', fail);
      thread.once('exit', (code) => fail(new Error(`pack render worker exited (${code}) before it was ready`)));
    });
    thread.on('message', (message: FromRenderWorker) => message.type === 'rendered' && finished(message));
    thread.on('error', (error: unknown) => log.error({ error: String(error) }, 'pack render worker failed'));
    thread.on('exit', () => stopped(started));
    started.catch(() => void thread.terminate());
    return started;
  }

  /** The worker ended by itself (a crash, an out-of-memory abort, or it never started). */
  function stopped(which: Promise<Worker>): void {
    if (worker === which) void stop('died');
  }

  function finished(message: Extract<FromRenderWorker, { type: 'rendered' }>): void {
    if (!running || running.id !== message.id) return;
    const { job, timer, stopTimer } = running;
    clearTimeout(timer);
    stopTimer();
    running = null;
    if (message.ok) settle(job, ok(message.pack));
    else {
      log.error({ workspace: job.workspace, error: message.error }, 'pack could not be made');
      settle(job, err('failed'));
    }
    pump();
  }

  function pump(): void {
    if (running || isClosed) return;
    const job = waiting.shift();
    if (!job) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => void stop('idle'), idleStopMs).unref();
      return;
    }
    clearTimeout(idleTimer);
    job.attempts++;
    const id = nextId++;
    const timer = setTimeout(() => {
      log.error({ workspace: job.workspace, timeoutMs }, 'pack render timed out; ending its worker');
      void stop('timeout');
    }, timeoutMs);
    running = { job, id, timer, stopTimer: metrics.packRenderSeconds.startTimer() };
    const thread = (worker ??= startWorker());
    thread.then(
      (w) => {
        if (running?.id !== id) return;
        const request: RenderRequest = { type: 'render', id, workspace: job.workspace, gzip: job.gzip };
        w.postMessage(request);
      },
      (error: unknown) => {
        log.error({ error: String(error) }, 'pack render worker did not start');
        stopped(thread);
      },
    );
  }

  /**
   * Ends the worker: idle, a render past its time, dead (its exit may be noticed after a pack was
   * sent to it: that pack is tried once more, on a new worker), or closing. Otherwise the pack it
   * was making fails at once. A pack waiting starts a new worker.
   */
  function stop(why: 'idle' | 'timeout' | 'died' | 'close'): Promise<void> {
    const current = worker;
    if (!current) return Promise.resolve();
    worker = null;
    if (running) {
      const { job, timer } = running;
      clearTimeout(timer);
      running = null;
      if (why === 'died' && job.attempts < 2 && !isClosed) waiting.unshift(job);
      else settle(job, err(isClosed ? 'closed' : 'failed'));
    }
    if (waiting.length > 0) pump();
    return current.then(
      (thread) => thread.terminate().then(() => undefined),
      () => undefined,
    );
  }

  return {
    render(workspace, { gzip }) {
      if (isClosed) return Promise.resolve(err('closed'));
      return new Promise((resolve) => {
        const same = waiting.find((job) => job.workspace === workspace && job.gzip === gzip);
        if (same) return void same.waiters.push(resolve);
        if (waiting.length >= maxWaiting) return resolve(err('busy'));
        waiting.push({ workspace, gzip, attempts: 0, waiters: [resolve] });
        pump();
      });
    },
    warm() {
      if (isClosed || worker) return;
      const thread = (worker = startWorker());
      thread.then(
        () => running || waiting.length || (idleTimer = setTimeout(() => void stop('idle'), idleStopMs).unref()),
        (error: unknown) => {
          log.error({ error: String(error) }, 'pack render worker did not start');
          stopped(thread);
        },
      );
    },
    async close() {
      isClosed = true;
      clearTimeout(idleTimer);
      for (const job of waiting.splice(0)) settle(job, err('closed'));
      await stop('close');
    },
  };
}
