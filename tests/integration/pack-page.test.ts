import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekInviteClaims } from '../../shared/protocol/sync';
import { exportWorkspace, project } from '../../shared/workspace';
import { mintInvite } from '../../sync-server/auth/tokens';
import { metaCspOf, STRICTEST_CSP } from '../../sync-server/pack/csp';
import { buildFixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';
import { hasClip, saveClip } from './helpers/clips';
import { metricValue, startServerProcess, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, openRawSocket } from './helpers/sync-clients';

/**
 * The reviewer's live pack, against the
 * server as its own process on a temporary database, seeded through `evident-sync import`.
 */

const A = 'pack-board';
const B = 'pack-other';
let server: ServerProcess;
let dir: string;
/** Everything of workspace A a refusal must never show: quotes, plan name, ids, the workspace's name. */
let secrets: string[];
/** A run of plain words from one of A's quotes: however a renderer escapes text, these survive. */
let knownQuote: string;
/** Every token and cookie the tests use: none may appear in the server's log. */
const credentials: string[] = [];

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  raw: Buffer;
}

/** One HTTP request, exactly as given (no cookie jar, no redirects, no decompression). */
function send(path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: raw.toString('utf8'), raw });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

async function cliInvite(workspace: string, role: 'reviewer' | 'editor', expires?: string): Promise<{ token: string; stdout: string }> {
  const result = await server.cli(['invite', '--workspace', workspace, '--role', role, ...(expires ? ['--expires', expires] : [])]);
  expect(result.code, result.stderr).toBe(0);
  const token = lastLine(result.stdout);
  credentials.push(token);
  return { token, stdout: result.stdout };
}

/** Opens the invite link; returns the 303's cookie (`name=value`) and the reply. */
async function exchange(workspace: string, token: string): Promise<{ cookie: string; reply: Reply }> {
  const reply = await send(`/w/${workspace}/pack?token=${encodeURIComponent(token)}`);
  expect(reply.status, reply.body).toBe(303);
  const cookie = reply.headers['set-cookie']![0]!.split(';')[0]!;
  credentials.push(cookie);
  return { cookie, reply };
}

const expectNoWorkspaceData = (body: string) => {
  for (const secret of secrets) expect(body, `a refusal shows "${secret}"`).not.toContain(secret);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-pack-page-'));
  // Log level info: every line the server can log about a request is checked for credentials below.
  server = await startServerProcess({ EVIDENT_LOG_LEVEL: 'info' });
  const fixture = await buildFixtureWorkspace(deterministicContext(createRandom(7), 'board'), { workspaceId: A, perSource: 2 });
  const file = join(dir, `${A}.json`);
  writeFileSync(file, JSON.stringify(exportWorkspace(fixture.doc, A, new Date().toISOString())));
  const imported = await server.cli(['import', '--workspace', A, '--file', file]);
  expect(imported.code, imported.stderr).toBe(0);
  const plan = project(fixture.doc).plans[0]!;
  secrets = [A, plan.name, fixture.planId, ...fixture.clipIds, ...fixture.actionIds, ...fixture.tagIds, ...fixture.quotes.values()];
  knownQuote = [...fixture.quotes.values()].map((q) => /[A-Za-z ]{30,}/.exec(q)?.[0]).find(Boolean)!;
  expect(knownQuote).toBeTruthy();
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the invite link', () => {
  it.each(['reviewer', 'editor'] as const)('of a %s answers 303 to the page without the token, with a Strict, HttpOnly session cookie for this workspace only', async (role) => {
    const { token, stdout } = await cliInvite(A, role);
    if (role === 'reviewer') expect(stdout).toContain(`http://127.0.0.1:1234/w/${A}/pack?token=${token}`);
    const { reply } = await exchange(A, token);
    expect(reply.headers.location).toBe(`/w/${A}/pack`);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    const cookie = reply.headers['set-cookie']!;
    expect(cookie).toHaveLength(1);
    const attributes = cookie[0]!.split(';').slice(1).map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', `Path=/w/${A}/`]));
    expect(attributes).not.toContain('Secure'); // plain HTTP, no trusted proxy
    const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))!.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
  });

  it('gives a session that ends no later than the invite', async () => {
    const { token } = await cliInvite(A, 'reviewer', '10m');
    const { reply } = await exchange(A, token);
    const maxAge = Number(/Max-Age=(\d+)/.exec(reply.headers['set-cookie']![0]!)![1]);
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(maxAge).toBeGreaterThan(540);
  });
});

describe('the pack page with a session', () => {
  it('answers 200 with the pack of the workspace, its CSP and no token in the URL', async () => {
    const { token } = await cliInvite(A, 'reviewer');
    const { cookie, reply } = await exchange(A, token);
    const location = new URL(reply.headers.location!, `http://127.0.0.1:${server.port}`);
    expect(location.search).toBe('');
    expect(location.href).not.toContain(token);
    const page = await send(location.pathname, { headers: { cookie } });
    expect(page.status, page.body.slice(0, 300)).toBe(200);
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(page.body).toContain(knownQuote);
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    // The pack's own policy, as its meta tag says it (the strictest one when it has none).
    const meta = metaCspOf(page.body);
    expect(csp).toBe(meta === null ? STRICTEST_CSP : `${meta.replace(/[;\s]+$/, '')}; frame-ancestors 'none'`);
  });

  it('sends it gzipped to a client that takes gzip, and answers HEAD with the headers only', async () => {
    const { cookie } = await exchange(A, (await cliInvite(A, 'reviewer')).token);
    const zipped = await send(`/w/${A}/pack`, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.raw).toString('utf8')).toContain(knownQuote);
    const head = await send(`/w/${A}/pack`, { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
  });

  it("shows the server's current doc: a clip a teammate just synced is in the next GET", async () => {
    const { cookie } = await exchange(A, (await cliInvite(A, 'reviewer')).token);
    const quote = `Reviewer page freshness check ${Math.random().toString(36).slice(2)}`;
    expect((await send(`/w/${A}/pack`, { headers: { cookie } })).body).not.toContain(quote);

    const editor = connectClient(server.url, A, (await server.mint(A, 'editor')).token);
    const observer = connectClient(server.url, A, (await server.mint(A, 'reviewer')).token);
    try {
      await editor.synced;
      saveClip(editor.doc, quote);
      // The server sends an update on only once it is committed: when a teammate has it, so does the store.
      await observer.synced;
      await eventually(() => hasClip(observer.doc, quote), 10_000, 'the clip to reach the observer');
      const page = await send(`/w/${A}/pack`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.body).toContain(quote);
    } finally {
      editor.destroy();
      observer.destroy();
    }
  });
});

describe('refusals', () => {
  /** Each case: how to make the request (path and headers), and the statuses allowed. */
  const cases: Array<[string, () => Promise<{ path: string; headers?: Record<string, string> }>, number[]]> = [
    ['no token and no cookie', async () => ({ path: `/w/${A}/pack` }), [401]],
    ['an empty token', async () => ({ path: `/w/${A}/pack?token=` }), [401]],
    ['a malformed token', async () => ({ path: `/w/${A}/pack?token=not.a.jwt` }), [401]],
    [
      'a token signed with another secret',
      async () => {
        const { token } = await mintInvite(new TextEncoder().encode('not the server secret, not at all'), { workspace: A, role: 'reviewer', expiresInSeconds: 3600 });
        return { path: `/w/${A}/pack?token=${token}` };
      },
      [401],
    ],
    [
      'an expired token',
      async () => {
        const { token } = await server.mint(A, 'reviewer', { expiresInSeconds: 60, now: new Date(Date.now() - 3600_000) });
        return { path: `/w/${A}/pack?token=${token}` };
      },
      [401],
    ],
    [
      'a revoked invite',
      async () => {
        const { token } = await cliInvite(A, 'reviewer');
        expect((await server.cli(['revoke', '--token', token])).code).toBe(0);
        return { path: `/w/${A}/pack?token=${token}` };
      },
      [401, 403],
    ],
    ["workspace B's invite on A's page", async () => ({ path: `/w/${A}/pack?token=${(await cliInvite(B, 'reviewer')).token}` }), [401, 403]],
    [
      "workspace B's session cookie on A's page",
      async () => ({ path: `/w/${A}/pack`, headers: { cookie: (await exchange(B, (await cliInvite(B, 'reviewer')).token)).cookie } }),
      [401, 403],
    ],
    [
      'a tampered cookie (its payload edited, signature kept)',
      async () => {
        const { cookie } = await exchange(B, (await cliInvite(B, 'reviewer')).token);
        const [name, jwt] = cookie.split('=') as [string, string];
        const [header, payload, signature] = jwt.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { ws: string };
        const edited = Buffer.from(JSON.stringify({ ...claims, ws: A })).toString('base64url');
        return { path: `/w/${A}/pack`, headers: { cookie: `${name}=${header}.${edited}.${signature}` } };
      },
      [401],
    ],
    [
      "a forged cookie (session claims signed with the invites' key)",
      async () => {
        const store = server.openStore();
        const secret = store.secret();
        store.close();
        const now = Math.floor(Date.now() / 1000);
        const forged = await new SignJWT({ ws: A, role: 'reviewer', inv: 'f'.repeat(32) })
          .setProtectedHeader({ alg: 'HS256', typ: 'evident-pack-session+jwt' })
          .setIssuer('evident-sync')
          .setAudience('evident-sync/pack-page')
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(secret);
        return { path: `/w/${A}/pack`, headers: { cookie: `evident_pack=${forged}` } };
      },
      [401],
    ],
    ['an invite token sent as the cookie', async () => ({ path: `/w/${A}/pack`, headers: { cookie: `evident_pack=${(await cliInvite(A, 'reviewer')).token}` } }), [401]],
  ];

  it.each(cases)('%s: refused, no cookie set, no workspace data', async (_case, make, statuses) => {
    const { path, headers } = await make();
    const reply = await send(path, { headers });
    expect(statuses).toContain(reply.status);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.body.length).toBeLessThan(200);
    expectNoWorkspaceData(reply.body);
  });

  it('a session stops working once its invite is revoked', async () => {
    const { token } = await cliInvite(A, 'reviewer');
    const { cookie } = await exchange(A, token);
    expect((await send(`/w/${A}/pack`, { headers: { cookie } })).status).toBe(200);
    expect((await server.cli(['revoke', '--id', peekInviteClaims(token)!.jti])).code).toBe(0);
    const after = await send(`/w/${A}/pack`, { headers: { cookie } });
    expect([401, 403]).toContain(after.status);
    expectNoWorkspaceData(after.body);
  });

  it('a session cookie is not an invite: the WebSocket refuses it with 4401', async () => {
    const { cookie } = await exchange(A, (await cliInvite(A, 'reviewer')).token);
    const socket = openRawSocket(server.url, A, cookie.slice(cookie.indexOf('=') + 1));
    expect((await socket.closed).code).toBe(4401);
  });

  it.each(['POST', 'PUT', 'DELETE'])('%s answers 405, naming GET and HEAD', async (method) => {
    const { cookie } = await exchange(A, (await cliInvite(A, 'reviewer')).token);
    const reply = await send(`/w/${A}/pack`, { method, headers: { cookie } });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
    expectNoWorkspaceData(reply.body);
  });
});

describe('arriving from another site (SameSite=Strict withholds the cookie on that navigation)', () => {
  it('without a cookie and with Sec-Fetch-Site: cross-site: a 401 page that reloads itself once, with no data', async () => {
    const reply = await send(`/w/${A}/pack`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toMatch(/<meta http-equiv="refresh" content="0; url=pack">/);
    expectNoWorkspaceData(reply.body);
  });

  it.each([['same-origin'], ['none'], [undefined]])('without a cookie and Sec-Fetch-Site %s: a plain 401', async (site) => {
    const reply = await send(`/w/${A}/pack`, { headers: site ? { 'sec-fetch-site': site } : {} });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.body).not.toContain('refresh');
    expectNoWorkspaceData(reply.body);
  });
});

describe('operations', () => {
  it('counts responses by status and times renders in /metrics', async () => {
    expect(await metricValue(server, 'evident_sync_pack_page_responses_total', { status: '200' })).toBeGreaterThan(0);
    expect(await metricValue(server, 'evident_sync_pack_page_responses_total', { status: '303' })).toBeGreaterThan(0);
    expect(await metricValue(server, 'evident_sync_pack_page_responses_total', { status: '401' })).toBeGreaterThan(0);
    expect(await metricValue(server, 'evident_sync_pack_render_seconds_count')).toBeGreaterThan(0);
  });

  it('never logs a token or a session', async () => {
    expect(credentials.length).toBeGreaterThan(10);
    const log = server.output();
    expect(log).toContain('pack served');
    for (const credential of credentials) expect(log).not.toContain(credential.slice(credential.indexOf('=') + 1));
  });
});
