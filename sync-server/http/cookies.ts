import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Every value sent for the cookie `name` (RFC 6265 §5.4: a browser may send several with one name,
 * set on different paths), in the order sent.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return values;
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  secure: boolean;
}

/**
 * A Set-Cookie value that scripts cannot read (HttpOnly), that other sites cannot make the browser
 * send (SameSite=Strict), for `path` only. `value` must be cookie-safe (a JWT is: base64url and dots).
 */
export function setCookieHeader(name: string, value: string, { path, maxAgeSeconds, secure }: CookieOptions): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`cookie ${name}: value is not cookie-safe`);
  return [`${name}=${value}`, `Path=${path}`, `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/**
 * Whether the browser reached us over TLS: this socket, or, only when the operator says a proxy in
 * front terminates TLS (`trustProxy`), that proxy's `X-Forwarded-Proto` (its first hop). Anyone can
 * send that header, so it counts only then.
 */
export function isSecureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}
