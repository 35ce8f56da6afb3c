/**
 * Whether an invite sent to `serverUrl` would cross a network unencrypted: a `ws://` (or `http://`)
 * address whose host is not this computer. On loopback nothing leaves the machine, so `ws://` is fine
 * there (a server run for oneself, the tests, `npm start`). An address that does not parse is left to
 * the connection to refuse.
 */
export function isUnencryptedRemote(serverUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(serverUrl.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const isLoopback = host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
  return !isLoopback;
}

const STORED_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const STORED_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "3 December 2026, 14:05", in this computer's time zone. */
export function formatStoredAt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${STORED_DATE.format(date)}, ${STORED_TIME.format(date)}`;
}
