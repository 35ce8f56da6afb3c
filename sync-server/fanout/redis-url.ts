const SETTING = 'EVIDENT_REDIS_URL';

/** The URL as it may be printed: any password replaced by ***. */
export function redactRedisUrl(url: URL): string {
  if (!url.password) return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

/** Checks the shape of EVIDENT_REDIS_URL before anything connects: redis:// or rediss:// (TLS), with a host. */
export function parseRedisUrl(value: string): { ok: true; url: URL } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed back: a malformed URL may still hold a password.
    return { ok: false, error: `${SETTING} is not a URL (expected redis://host:6379 or rediss://host:6380)` };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return { ok: false, error: `${SETTING} (${redactRedisUrl(url)}) is not a Redis URL: it must start with redis:// or rediss://` };
  }
  if (!url.hostname) return { ok: false, error: `${SETTING} (${redactRedisUrl(url)}) names no host` };
  return { ok: true, url };
}
