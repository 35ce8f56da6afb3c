import type { IncomingMessage, ServerResponse } from 'node:http';
import { WORKSPACE_ID } from '../../shared/protocol/sync';
import { mintSession, SESSION_MAX_SECONDS, verifySession, type SessionClaims, type SessionProblem } from '../auth/sessions';
import { verifyInvite, type TokenProblem } from '../auth/tokens';
import type { SyncServerConfig } from '../config';
import type { Logger } from '../log';
import { createPackRenderer, type PackRenderer } from '../pack/pack-renderer';
import type { PackSource } from '../pack/render-worker';
import type { SyncStore } from '../persistence/types';
import { cookieValues, isSecureRequest, setCookieHeader } from './cookies';
import type { SyncMetrics } from './metrics';

/**
 * The reviewer's live pack:
 *
 * - `GET /w/<workspace>/pack?token=<invite>`: the invite is checked as the WebSocket upgrade checks
 *   it (signature, expiry, revocation, its workspace is this one; editors and reviewers may read),
 *   then exchanged for a session cookie (auth/sessions.ts) and a 303 to `/w/<workspace>/pack`, so
 *   the token leaves the address bar, the history and any Referer.
 * - `GET /w/<workspace>/pack` with that cookie: the pack of the store's current doc, made on a
 *   worker thread (pack/pack-renderer.ts). The invite behind the session is checked for revocation
 *   on every request; the session never outlives the invite's expiry.
 *
 * Refusals are short plain text that names neither the workspace nor anything in it. The query
 * string is never logged (it holds the token).
 */
export const SESSION_COOKIE = 'evident_pack';

export interface PackPageDeps {
  store: Pick<SyncStore, 'secret' | 'isRevoked'>;
  /**
   * On PostgreSQL, `isRevoked` answers from the revocations read so far (other instances' included):
   * read those made since, before each check, so that a revoke ends the sessions at once here too.
   */
  refreshRevocations?: () => Promise<void>;
  /**
   * `databaseUrl` (else `dbPath`): where the render worker reads; `trustProxy`: believe
   * `X-Forwarded-Proto` for the cookie's `Secure`.
   */
  config: Pick<SyncServerConfig, 'dbPath' | 'databaseUrl' | 'trustProxy'>;
  metrics: SyncMetrics;
  log: Logger;
  /** Default: a worker thread reading the server's database (pack/pack-renderer.ts). */
  renderer?: PackRenderer;
  now?: () => Date;
}

export interface PackPage {
  /** Answers `/w/<workspace>/pack`; returns false for any other path. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Shutdown: packs still waiting get 503, and the render worker ends. */
  close(): Promise<void>;
}

const PACK_PATH = /^\/w\/([^/]*)\/pack$/;

type SessionRefusal = { status: 401; problem: SessionProblem } | { status: 403; problem: 'wrong-workspace' };

/** On every answer: nothing cached, no Referer sent on, no sniffing, never framed. */
const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const REFUSAL_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TOKEN_REFUSALS: Record<TokenProblem, string> = {
  missing: 'This invite link has no token.',
  malformed: 'This invite link is not valid.',
  'bad-signature': 'This invite link is not valid.',
  expired: 'This invite link has expired. Ask for a new one.',
  revoked: 'This invite link has been revoked.',
};
const SESSION_REFUSALS: Record<SessionProblem, string> = {
  missing: 'Open the evidence pack with the invite link you were given.',
  malformed: 'Your session is not valid. Open the invite link you were given again.',
  'bad-signature': 'Your session is not valid. Open the invite link you were given again.',
  expired: 'Your session has ended. Open the invite link you were given again.',
  revoked: 'The invite behind your session has been revoked.',
};

/**
 * SameSite=Strict, and a link followed from another site (webmail): the browser sets the cookie from
 * the 303, but the redirected request is still part of that cross-site navigation, so the cookie is
 * not sent (RFC 6265bis §5.2: a navigation's "site for cookies" is cross-site when its initiator or
 * any redirect in its chain is). This page reloads itself once: that navigation is started by this
 * same-origin page, so it is same-site, and the cookie goes with it. A reload that still has no
 * cookie arrives as same-origin and gets the plain 401, so it never loops. Lax would avoid the extra
 * round trip, but would send the session on any top-level GET another site makes.
 */
const RELOAD_PAGE = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=pack"><title>Opening the evidence pack</title></head>
<body><p>Opening the evidence pack… If it does not open, <a href="pack">open it here</a>.</p></body></html>
`;

/** Whether the client takes a gzip body (Accept-Encoding, RFC 9110 §12.5.3; `q=0` refuses). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let star = false;
  for (const part of text.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (coding.trim() === 'gzip' || coding.trim() === 'x-gzip') return accepted;
    if (coding.trim() === '*') star = accepted;
  }
  return star;
}

const packSourceOf = ({ databaseUrl, dbPath }: PackPageDeps['config']): PackSource =>
  databaseUrl !== null ? { kind: 'postgres', databaseUrl } : { kind: 'sqlite', dbPath };

export function createPackPage({
  store,
  refreshRevocations = async () => {},
  config,
  metrics,
  log,
  renderer = createPackRenderer({ source: packSourceOf(config), metrics, log }),
  now = () => new Date(),
}: PackPageDeps): PackPage {
  const { trustProxy } = config;
  const answer = (res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string | Uint8Array) => {
    metrics.packPageResponses.inc({ status: String(status) });
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body?.byteLength;
    res.writeHead(status, { ...COMMON_HEADERS, ...(length === undefined ? {} : { 'content-length': length }), ...headers });
    res.end(body);
  };
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, message: string, reason: string, extra: Record<string, string> = {}) => {
    // The path only: the query holds the token.
    log.warn({ status, reason, path: new URL(req.url ?? '/', 'http://x').pathname.slice(0, 80), ip: req.socket.remoteAddress }, 'pack page refused');
    answer(res, status, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': REFUSAL_CSP, ...extra }, `${message}\n`);
  };

  /** An invite in the query: a session cookie and a 303 to the same page without it, or a refusal (never a cookie). */
  async function exchangeInvite(req: IncomingMessage, res: ServerResponse, workspace: string, token: string): Promise<void> {
    await refreshRevocations();
    const verified = await verifyInvite(store.secret(), token, (jti) => store.isRevoked(jti), now());
    if (!verified.ok) return refuse(req, res, 401, TOKEN_REFUSALS[verified.error], verified.error);
    const invite = verified.value;
    if (invite.ws !== workspace) return refuse(req, res, 403, 'This invite is for another workspace.', 'wrong-workspace');
    const session = await mintSession(store.secret(), invite, now());
    const cookie = setCookieHeader(SESSION_COOKIE, session.value, {
      path: `/w/${workspace}/`,
      maxAgeSeconds: Math.min(SESSION_MAX_SECONDS, session.claims.exp - Math.floor(now().getTime() / 1000)),
      secure: isSecureRequest(req, trustProxy),
    });
    renderer.warm(); // the redirected request is next: its pack should not wait for a thread to start
    log.info({ workspace, role: invite.role, jti: invite.jti, until: new Date(session.claims.exp * 1000).toISOString() }, 'pack session started');
    answer(res, 303, { location: `/w/${workspace}/pack`, 'set-cookie': cookie, 'content-length': 0 });
  }

  /** The session among the cookies sent that is for this workspace, or why there is none. */
  async function sessionFor(req: IncomingMessage, workspace: string): Promise<{ session: SessionClaims } | SessionRefusal> {
    const values = cookieValues(req.headers.cookie, SESSION_COOKIE);
    let refusal: SessionRefusal = { status: 401, problem: 'missing' };
    for (const value of values) {
      const verified = await verifySession(store.secret(), value, (jti) => store.isRevoked(jti), now());
      if (verified.ok && verified.value.ws === workspace) return { session: verified.value };
      if (verified.ok) refusal = { status: 403, problem: 'wrong-workspace' };
      else if (refusal.status !== 403) refusal = { status: 401, problem: verified.error };
    }
    return refusal;
  }

  async function servePack(req: IncomingMessage, res: ServerResponse, workspace: string): Promise<void> {
    await refreshRevocations();
    const found = await sessionFor(req, workspace);
    if (!('session' in found)) {
      if (found.problem === 'missing' && req.headers['sec-fetch-site'] === 'cross-site') {
        log.info({ path: `/w/${workspace}/pack` }, 'pack page: cross-site arrival without its cookie, reloading once');
        return answer(res, 401, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': REFUSAL_CSP }, RELOAD_PAGE);
      }
      const message = found.problem === 'wrong-workspace' ? 'This session is for another workspace.' : SESSION_REFUSALS[found.problem];
      return refuse(req, res, found.status, message, `session ${found.problem}`);
    }
    const { session } = found;
    const started = performance.now();
    const pack = await renderer.render(workspace, { gzip: acceptsGzip(req.headers['accept-encoding']) });
    if (!pack.ok) {
      if (pack.error === 'failed') return refuse(req, res, 500, 'The evidence pack could not be made. The server log says why.', 'render failed');
      return refuse(req, res, 503, 'The server is busy. Try again in a few seconds.', `render ${pack.error}`, { 'retry-after': '5' });
    }
    // Revoked while the pack was being made: not sent.
    await refreshRevocations();
    if (store.isRevoked(session.inv)) return refuse(req, res, 401, SESSION_REFUSALS.revoked, 'session revoked');
    const { body, encoding, csp, htmlBytes } = pack.value;
    log.info({ workspace, role: session.role, jti: session.inv, ms: Math.round(performance.now() - started), bytes: body.byteLength, htmlBytes }, 'pack served');
    answer(
      res,
      200,
      {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'content-length': body.byteLength,
        vary: 'Accept-Encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
      req.method === 'HEAD' ? undefined : body,
    );
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, workspace: string): Promise<void> {
    // Compared raw, as the upgrade does: `/w/a%2Db/pack` is not workspace `a-b`.
    if (!WORKSPACE_ID.safeParse(workspace).success) return refuse(req, res, 404, 'Not found.', 'bad-path');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'Only GET and HEAD.', 'method', { allow: 'GET, HEAD' });
    const token = url.searchParams.get('token');
    if (token !== null) return exchangeInvite(req, res, workspace, token);
    return servePack(req, res, workspace);
  }

  function servePackPage(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = PACK_PATH.exec(url.pathname);
    if (!match) return false;
    serve(req, res, url, match[1]!).catch((error: unknown) => {
      // The edge for this page: one place logs, the request gets a 500 (or is cut if it had begun).
      log.error({ path: url.pathname.slice(0, 80), error: String(error) }, 'pack page failed');
      if (res.headersSent) res.destroy();
      else answer(res, 500, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': REFUSAL_CSP }, 'Server error.\n');
    });
    return true;
  }

  return { serve: servePackPage, close: () => renderer.close() };
}
