import { describe, expect, it, vi } from 'vitest';
import { loadRevocations } from '../../sync-server/auth/revocation-cache';
import { resolveSyncServerConfig } from '../../sync-server/config';
import { parseRedisUrl } from '../../sync-server/fanout/redis-url';
import { watchDatabaseHealth } from '../../sync-server/persistence/pg/database-health';

describe('EVIDENT_DATABASE_URL and EVIDENT_REDIS_URL', () => {
  it('are off by default: SQLite, one machine', () => {
    const config = resolveSyncServerConfig({}, {});
    expect([config.databaseUrl, config.redisUrl]).toEqual([null, null]);
  });

  it('are read from the environment', () => {
    const config = resolveSyncServerConfig({}, { EVIDENT_DATABASE_URL: 'postgres://u:p@db:5432/evident', EVIDENT_REDIS_URL: 'rediss://cache:6380' });
    expect([config.databaseUrl, config.redisUrl]).toEqual(['postgres://u:p@db:5432/evident', 'rediss://cache:6380']);
  });

  it.each([
    [{ EVIDENT_DATABASE_URL: 'db.example:5432' }, /EVIDENT_DATABASE_URL .*is not a PostgreSQL URL/],
    [{ EVIDENT_DATABASE_URL: 'postgres://u:secret@db' }, /names no database/],
    [{ EVIDENT_REDIS_URL: 'redis://cache:6379' }, /EVIDENT_REDIS_URL is set but EVIDENT_DATABASE_URL is not/],
    [{ EVIDENT_DATABASE_URL: 'postgres://db/evident', EVIDENT_REDIS_URL: 'cache:6379' }, /EVIDENT_REDIS_URL .*is not a Redis URL/],
    [{ EVIDENT_DATABASE_URL: 'postgres://db/evident', EVIDENT_REDIS_URL: 'redis:///0' }, /EVIDENT_REDIS_URL \(redis:\/\/\/0\) names no host/],
  ])('%j is refused at start, naming the setting and hiding passwords', (env, message) => {
    expect(() => resolveSyncServerConfig({}, env)).toThrow(message);
    try {
      resolveSyncServerConfig({}, env);
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });

  it.each([
    ['redis://127.0.0.1:6379', true],
    ['rediss://user:pw@cache.internal:6380/0', true],
    ['http://cache:6379', false],
    ['not a url', false],
  ])('parseRedisUrl(%s) ok: %s', (value, ok) => {
    expect(parseRedisUrl(value).ok).toBe(ok);
  });
});

describe('revocations kept in memory (PostgreSQL)', () => {
  it('knows what was revoked at load, learns what is revoked later on refresh, and reads with a minute of overlap', async () => {
    const rows = [{ jti: 'early', at: 1_000_000 }];
    const asked: number[] = [];
    const cache = await loadRevocations({
      revocationsSince: async (since) => {
        asked.push(since);
        return rows.filter((row) => row.at >= since);
      },
    });
    expect(cache.isRevoked('early')).toBe(true);
    expect(cache.isRevoked('later')).toBe(false);
    rows.push({ jti: 'later', at: 1_000_500 });
    await cache.refresh();
    expect(cache.isRevoked('later')).toBe(true);
    expect(asked).toEqual([0, 1_000_000 - 60_000]);
  });
});

describe('database health (for /readyz)', () => {
  it('is down at once when a commit fails, and up again once a probe answers', async () => {
    vi.useFakeTimers();
    try {
      let answers = true;
      const changes: boolean[] = [];
      const health = watchDatabaseHealth(
        { ping: () => (answers ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'))) },
        { intervalMs: 1_000, onChange: (isUp) => changes.push(isUp) },
      );
      expect(health.isUp).toBe(true);
      answers = false;
      health.noteFailure(new Error('commit failed'));
      expect(health.isUp).toBe(false);
      await vi.advanceTimersByTimeAsync(300); // probes every 250 ms while down
      expect(health.isUp).toBe(false);
      answers = true;
      await vi.advanceTimersByTimeAsync(300);
      expect(health.isUp).toBe(true);
      answers = false;
      await vi.advanceTimersByTimeAsync(1_100); // a probe while up finds it gone
      expect(health.isUp).toBe(false);
      expect(changes).toEqual([false, true, false]);
      health.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
