import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { mintSession, SESSION_MAX_SECONDS, verifySession } from '../../sync-server/auth/sessions';
import { mintInvite, verifyInvite } from '../../sync-server/auth/tokens';
import { resolveSyncServerConfig } from '../../sync-server/config';
import { cookieValues, isSecureRequest, setCookieHeader } from '../../sync-server/http/cookies';
import { acceptsGzip } from '../../sync-server/http/pack-page';
import { metaCspOf, packCspHeader, STRICTEST_CSP } from '../../sync-server/pack/csp';

const SECRET = new TextEncoder().encode('unit-test secret for pack sessions');
const POLICY = "default-src 'none'; script-src 'sha256-abc+/='; style-src 'unsafe-inline'";

describe("the pack's CSP header, from its meta policy", () => {
  it.each<[string, string, string | null]>([
    ['double quotes', `<head><meta http-equiv="Content-Security-Policy" content="${POLICY}"></head>`, POLICY],
    ['content before http-equiv, single quotes', `<head><meta content='${POLICY.replaceAll("'", '&#39;')}' http-equiv='content-security-policy'></head>`, POLICY],
    ['entities in the attribute', `<head><meta http-equiv="CONTENT-SECURITY-POLICY" content="default-src &apos;none&apos;; img-src data:"></head>`, "default-src 'none'; img-src data:"],
    ['other meta tags first', `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta http-equiv="Content-Security-Policy" content="${POLICY}"></head>`, POLICY],
    ['none', '<head><meta charset="utf-8"><title>x</title></head><body></body>', null],
    ['only in the body (data, not a policy)', `<head></head><body><meta http-equiv="Content-Security-Policy" content="script-src *"></body>`, null],
  ])('%s', (_case, html, expected) => {
    expect(metaCspOf(html)).toBe(expected);
  });

  it("adds frame-ancestors 'none' (a meta policy cannot say it), once", () => {
    expect(packCspHeader(`<head><meta http-equiv="Content-Security-Policy" content="${POLICY};"></head>`)).toBe(`${POLICY}; frame-ancestors 'none'`);
    const framed = `${POLICY}; frame-ancestors 'self'`;
    expect(packCspHeader(`<head><meta http-equiv="Content-Security-Policy" content="${framed}"></head>`)).toBe(framed);
  });

  it('is the strictest policy for a pack without one', () => {
    expect(packCspHeader('<!doctype html><p>x</p>')).toBe(STRICTEST_CSP);
    expect(STRICTEST_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('cookies', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['other=1', []],
    ['evident_pack=a.b.c', ['a.b.c']],
    ['x=1; evident_pack=a.b.c;evident_pack="d.e.f"; evident_packer=z', ['a.b.c', 'd.e.f']],
  ])('%j → %j', (header, values) => {
    expect(cookieValues(header, 'evident_pack')).toEqual(values);
  });

  it('are set HttpOnly, SameSite=Strict, on one path, Secure only when asked', () => {
    expect(setCookieHeader('evident_pack', 'a.b-c_d', { path: '/w/ws-1/', maxAgeSeconds: 60.7, secure: false })).toBe(
      'evident_pack=a.b-c_d; Path=/w/ws-1/; Max-Age=60; HttpOnly; SameSite=Strict',
    );
    expect(setCookieHeader('evident_pack', 'v', { path: '/w/ws-1/', maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
    expect(() => setCookieHeader('evident_pack', 'a;b', { path: '/', maxAgeSeconds: 1, secure: false })).toThrow('not cookie-safe');
  });
});

describe('the cookie is Secure', () => {
  const request = (encrypted: boolean, forwarded?: string) =>
    ({ socket: encrypted ? { encrypted: true } : {}, headers: forwarded === undefined ? {} : { 'x-forwarded-proto': forwarded } }) as unknown as IncomingMessage;
  it.each<[string, IncomingMessage, boolean, boolean]>([
    ['over TLS', request(true), false, true],
    ['over plain HTTP', request(false), false, false],
    ['X-Forwarded-Proto: https, no trusted proxy (anyone can send it)', request(false, 'https'), false, false],
    ['X-Forwarded-Proto: https from a trusted proxy', request(false, 'https'), true, true],
    ['X-Forwarded-Proto: HTTPS, http (first hop) from a trusted proxy', request(false, 'HTTPS, http'), true, true],
    ['X-Forwarded-Proto: http from a trusted proxy', request(false, 'http'), true, false],
  ])('%s → %s', (_case, req, trustProxy, expected) => {
    expect(isSecureRequest(req, trustProxy)).toBe(expected);
  });

  it('trusts a proxy only when EVIDENT_TRUST_PROXY says so', () => {
    expect(resolveSyncServerConfig({}, {}).trustProxy).toBe(false);
    expect(resolveSyncServerConfig({}, { EVIDENT_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(() => resolveSyncServerConfig({}, { EVIDENT_TRUST_PROXY: 'yes' })).toThrow('EVIDENT_TRUST_PROXY="yes" is not one of 1, true, 0, false');
  });
});

describe('Accept-Encoding', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['gzip;q=0', false],
    ['*', true],
    ['*;q=0, br', false],
    ['gzip;q=0, *', false],
  ])('%j → gzip %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('pack sessions', () => {
  const invite = () => mintInvite(SECRET, { workspace: 'board-a', role: 'reviewer', expiresInSeconds: 30 * 86400 });

  it('name the workspace, role and invite, and last 12 hours at most', async () => {
    const { claims } = await invite();
    const now = new Date();
    const session = await mintSession(SECRET, claims, now);
    expect(session.claims).toMatchObject({ ws: 'board-a', role: 'reviewer', inv: claims.jti });
    expect(session.claims.exp - session.claims.iat).toBe(SESSION_MAX_SECONDS);
    expect(await verifySession(SECRET, session.value, () => false, now)).toEqual({ ok: true, value: session.claims });
  });

  it("never outlive the invite's expiry", async () => {
    const { claims } = await mintInvite(SECRET, { workspace: 'board-a', role: 'editor', expiresInSeconds: 600 });
    const session = await mintSession(SECRET, claims);
    expect(session.claims.exp).toBe(claims.exp);
    expect(await verifySession(SECRET, session.value, () => false, new Date((claims.exp + 1) * 1000))).toEqual({ ok: false, error: 'expired' });
  });

  it('end when their invite is revoked', async () => {
    const { claims } = await invite();
    const session = await mintSession(SECRET, claims);
    expect(await verifySession(SECRET, session.value, (jti) => jti === claims.jti)).toEqual({ ok: false, error: 'revoked' });
  });

  it('are not invites, and invites are not sessions', async () => {
    const { token, claims } = await invite();
    const session = await mintSession(SECRET, claims);
    expect(await verifySession(SECRET, token, () => false)).toEqual({ ok: false, error: 'bad-signature' });
    expect(await verifyInvite(SECRET, session.value, () => false)).toEqual({ ok: false, error: 'bad-signature' });
  });

  it.each<[string, string | null]>([
    ['missing', null],
    ['malformed', 'not-a-jwt'],
  ])('refuse a %s value', async (problem, value) => {
    expect(await verifySession(SECRET, value, () => false)).toEqual({ ok: false, error: problem });
  });
});
