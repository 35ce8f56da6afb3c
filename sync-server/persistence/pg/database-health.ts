import type { PgSyncStore } from './types';

export interface DatabaseHealth {
  /** Whether PostgreSQL answered the last probe and no commit has failed since. */
  readonly isUp: boolean;
  /** A commit or load failed: not ready until a probe answers again. */
  noteFailure(error: unknown): void;
  stop(): void;
}

export interface DatabaseHealthOptions {
  /** How often the database is probed while up (faster while down, to be ready again soon). Default 2 s. */
  intervalMs?: number;
  /** A probe not answered within this counts as down. Default 2 s. */
  timeoutMs?: number;
  onChange?: (isUp: boolean, error?: unknown) => void;
}

/**
 * Whether this instance can store updates now, for /readyz: a load balancer stops sending clients to
 * an instance whose database is unreachable, and sends them back once a probe (SELECT 1) answers. A
 * failed commit marks it down at once, without waiting for the next probe.
 */
export function watchDatabaseHealth(store: Pick<PgSyncStore, 'ping'>, options: DatabaseHealthOptions = {}): DatabaseHealth {
  const intervalMs = options.intervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let isUp = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let isStopped = false;
  let isProbing = false;

  const set = (up: boolean, error?: unknown) => {
    if (up === isUp) return;
    isUp = up;
    options.onChange?.(up, error);
  };

  const probe = async () => {
    timer = null;
    isProbing = true;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      set(true);
    } catch (error) {
      set(false, error);
    } finally {
      clearTimeout(timeout);
      isProbing = false;
    }
    schedule();
  };

  /** The next probe: soon while down, to be ready again soon. A probe in flight schedules its own next. */
  function schedule() {
    if (isStopped || isProbing) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void probe(), isUp ? intervalMs : intervalMs / 4);
    timer.unref();
  }
  schedule();

  return {
    get isUp() {
      return isUp;
    },
    noteFailure(error) {
      if (!isUp) return;
      set(false, error);
      schedule(); // from the slow interval to the fast one
    },
    stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
