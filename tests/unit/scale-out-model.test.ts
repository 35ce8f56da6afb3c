import { describe, expect, it } from 'vitest';
import { cpuMsPerUpdate, modelInstances } from '../bench/lib/scale-out-figures';

describe('the scale-out benchmark\'s model of many instances', () => {
  it('turns a window\'s CPU share and throughput into CPU per update', () => {
    // Half a core for 1,000 updates/s: 0.5 ms each.
    expect(cpuMsPerUpdate(50, 1000)).toBeCloseTo(0.5);
  });

  it.each([
    // Evident's instances grow with their number; PostgreSQL and Redis do not.
    [{ evident: 1, postgres: 0.1, redis: 0.05 }, 'instances', 20_000],
    [{ evident: 0.2, postgres: 0.5, redis: 0.05 }, 'postgres', 4_000],
    [{ evident: 0.2, postgres: 0.1, redis: 0.2 }, 'redis', 5_000],
  ] as const)('with %o per update, ten instances of 2 cores are limited by %s at %i updates/s', (perUpdateMs, limitedBy, updatesPerSecond) => {
    const model = modelInstances(perUpdateMs);
    expect(model.limitedBy).toBe(limitedBy);
    expect(model.updatesPerSecond).toBeCloseTo(updatesPerSecond);
    expect(model.bounds.instances).toBeCloseTo((10 * 2 * 1000) / perUpdateMs.evident);
  });
});
