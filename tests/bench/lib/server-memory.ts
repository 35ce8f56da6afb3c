/**
 * A server process's memory as the sync-server benchmark reads it: after a full GC through the
 * inspector, VmRSS (what the machine gives the process) and V8 heap used + external (what the
 * JavaScript holds; RSS also keeps what the allocator has not given back).
 */
import { processRssBytes, sleep } from './load-generator';
import type { ServerUnderTest } from './sync-servers';

export interface MemoryReading {
  rssBytes: number;
  jsBytes: number;
}

export async function readMemory(server: ServerUnderTest, { settleMs = 500 } = {}): Promise<MemoryReading> {
  const inspector = server.inspector;
  if (!inspector) throw new Error(`${server.name}: start it with { inspect: true } to measure memory`);
  await sleep(settleMs);
  await inspector.collectGarbage();
  const usage = await inspector.memoryUsage();
  return { rssBytes: processRssBytes(server.pid), jsBytes: usage.heapUsed + usage.external };
}

/** Runs `work` on `items`, `size` at a time. */
export async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}
