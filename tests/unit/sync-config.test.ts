import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_SYNC_SERVER_CONFIG, originMatcher, resolveSyncServerConfig } from '../../sync-server/config';

describe('allowed origins', () => {
  const isAllowed = originMatcher(DEFAULT_SYNC_SERVER_CONFIG.allowedOrigins);
  it.each<[string | undefined, boolean]>([
    [undefined, true], // no Origin header: not a browser page
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', true],
    ['moz-extension://0b7a6c1e-54c4-4f4f-9c2e-3f1a2b3c4d5e', true],
    ['https://evil.example', false],
    ['null', false], // sandboxed frames and file:// pages
    ['chrome-extension://', false],
    ['chrome-extension://abc/../x', false],
    ['xchrome-extension://abc', false],
  ])('by default, %s → %s', (origin, expected) => {
    expect(isAllowed(origin)).toBe(expected);
  });

  it('takes exact origins and host patterns from EVIDENT_ALLOWED_ORIGINS', () => {
    const { allowedOrigins } = configFromEnv({ EVIDENT_ALLOWED_ORIGINS: 'https://evident.example, https://*.council.gov.uk' });
    const matches = originMatcher(allowedOrigins!);
    expect(matches('https://evident.example')).toBe(true);
    expect(matches('https://a.council.gov.uk')).toBe(true);
    expect(matches('https://evident.example.evil')).toBe(false);
    expect(matches('chrome-extension://abc')).toBe(false);
  });
});

describe('server settings', () => {
  it('reads limits from EVIDENT_* variables, and explicit settings win over them', () => {
    const env = { EVIDENT_PORT: '9000', EVIDENT_RATE_BURST: '50', EVIDENT_COMPACT_ENTRIES: '10', EVIDENT_MAX_LOADED_DOCS: '3' };
    const config = resolveSyncServerConfig({ port: 0, host: 'localhost' }, env);
    expect(config).toMatchObject({ port: 0, host: 'localhost', maxLoadedDocs: 3 });
    expect(config.messagesPerSecond).toEqual({ burst: 50, refillPerSecond: 100 });
    expect(config.compaction).toMatchObject({ maxEntries: 10, maxBytes: 8 * 1024 * 1024 });
  });

  it('checks open sockets for revoked or expired invites every 5 s, or every EVIDENT_REVOCATION_CHECK_MS; never "0"', () => {
    expect(resolveSyncServerConfig({}, {}).revocationCheckMs).toBe(5000);
    expect(resolveSyncServerConfig({}, { EVIDENT_REVOCATION_CHECK_MS: '250' }).revocationCheckMs).toBe(250);
    expect(() => resolveSyncServerConfig({}, { EVIDENT_REVOCATION_CHECK_MS: '0' })).toThrow('revocationCheckMs must be at least 1');
  });

  it('fsyncs every commit unless EVIDENT_SYNCHRONOUS=normal; any other value is refused, naming the choices', () => {
    expect(resolveSyncServerConfig({}, {}).synchronous).toBe('full');
    expect(resolveSyncServerConfig({}, { EVIDENT_SYNCHRONOUS: 'NORMAL' }).synchronous).toBe('normal');
    expect(() => resolveSyncServerConfig({}, { EVIDENT_SYNCHRONOUS: 'off' })).toThrow('EVIDENT_SYNCHRONOUS="off" is not one of full, normal');
  });

  it('keeps 30 days of history unless EVIDENT_HISTORY_DAYS says otherwise (fractions too); a typo is refused, never taken as the default', () => {
    expect(resolveSyncServerConfig({}, {}).historyDays).toBe(30);
    expect(resolveSyncServerConfig({}, { EVIDENT_HISTORY_DAYS: '0.0001' }).historyDays).toBe(0.0001);
    expect(resolveSyncServerConfig({}, { EVIDENT_HISTORY_DAYS: '0' }).historyDays).toBe(0);
    for (const typo of ['30d', '-1', 'thirty']) {
      expect(() => resolveSyncServerConfig({}, { EVIDENT_HISTORY_DAYS: typo })).toThrow(`EVIDENT_HISTORY_DAYS=${JSON.stringify(typo)} is not a number of days`);
    }
  });

  it('refuses a limit that is not a number, naming the variable', () => {
    expect(() => configFromEnv({ EVIDENT_MAX_FRAME_BYTES: '2MB' })).toThrow('EVIDENT_MAX_FRAME_BYTES="2MB" is not a whole number');
  });
});

