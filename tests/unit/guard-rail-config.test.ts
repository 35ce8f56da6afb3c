import { describe, expect, it } from 'vitest';
import { isUnencryptedRemote, formatStoredAt } from '../../extension/ui/data/server-address';
import { secretFromEnv } from '../../sync-server/auth/secret';
import { resolveSyncServerConfig } from '../../sync-server/config';

describe('an invite sent over an unencrypted connection', () => {
  it.each([
    ['ws://sync.example.org:1234', true],
    ['ws://192.168.1.20:1234', true],
    ['http://sync.example.org', true],
    ['wss://sync.example.org', false],
    ['ws://127.0.0.1:1234', false],
    ['ws://127.8.9.10', false],
    ['ws://localhost:1234', false],
    ['ws://evident.localhost', false],
    ['ws://[::1]:1234', false],
    ['not an address', false],
  ])('%s: warned %s', (url, warned) => expect(isUnencryptedRemote(url)).toBe(warned));
});

it('shows when the server last stored everything as "3 December 2026, 14:05"', () => {
  const local = new Date(2026, 11, 3, 14, 5).toISOString();
  expect(formatStoredAt(local)).toBe('3 December 2026, 14:05');
});

describe('guard rails in the server configuration', () => {
  it('defaults: refuse destroying over 50 clips at once, a 1 GiB quota, metrics on loopback port 9464', () => {
    expect(resolveSyncServerConfig({}, {})).toMatchObject({ maxClipsDestroyedAtOnce: 50, workspaceQuotaBytes: 1024 ** 3, metricsHost: '127.0.0.1', metricsPort: 9464 });
  });

  it('reads EVIDENT_MAX_CLIPS_DESTROYED, EVIDENT_WORKSPACE_QUOTA_BYTES, EVIDENT_METRICS_HOST and EVIDENT_METRICS_PORT (off too)', () => {
    const env = { EVIDENT_MAX_CLIPS_DESTROYED: '5', EVIDENT_WORKSPACE_QUOTA_BYTES: '0', EVIDENT_METRICS_HOST: '10.0.0.2', EVIDENT_METRICS_PORT: '9999' };
    expect(resolveSyncServerConfig({}, env)).toMatchObject({ maxClipsDestroyedAtOnce: 5, workspaceQuotaBytes: 0, metricsHost: '10.0.0.2', metricsPort: 9999 });
    expect(resolveSyncServerConfig({}, { EVIDENT_METRICS_PORT: 'off' }).metricsPort).toBeNull();
    expect(() => resolveSyncServerConfig({}, { EVIDENT_MAX_CLIPS_DESTROYED: 'fifty' })).toThrow('EVIDENT_MAX_CLIPS_DESTROYED');
  });

  it('refuses an EVIDENT_SECRET under 32 bytes, counting bytes, not characters', () => {
    expect(secretFromEnv({})).toBeUndefined();
    expect(() => secretFromEnv({ EVIDENT_SECRET: 'x'.repeat(31) })).toThrow('EVIDENT_SECRET is 31 bytes long; it must be at least 32 bytes');
    expect(secretFromEnv({ EVIDENT_SECRET: 'é'.repeat(16) })).toBe('é'.repeat(16));
  });
});
