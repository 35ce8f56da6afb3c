import { z } from 'zod';

/**
 * What the extension and the sync server agree on beyond the y-websocket protocol itself. Message types are those of y-websocket / y-protocols.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
/** y-protocols/sync.js sub-messages. */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/**
 * WebSocket close codes the server sends. y-websocket's own reconnection rule (3.1,
 * `defaultShouldReconnect`) treats every code from 4400 to 4499 as final, like an HTTP 4xx: the
 * client stops for good. So 44xx is sent only where a retry cannot help (the invite, a frame the
 * server can never take); anything a retry can fix is a code outside that range, which a stock
 * y-websocket client retries with backoff. A client sending faster than its share is never closed:
 * the server stops reading its socket for a while (flow control; sync-server/README.md).
 */
/** Final: no token, a bad signature, expired or revoked. The user needs a new invite. */
export const CLOSE_UNAUTHORIZED = 4401;
/** Final: a valid token for another workspace, or a disallowed origin. */
export const CLOSE_FORBIDDEN = 4403;
/** Final: a frame that does not decode or breaks the protocol (sent again, it would again). */
export const CLOSE_BAD_MESSAGE = 4400;
/**
 * Final: a frame over the size limit. In practice ws closes first, with 1009 (RFC 6455 Message Too
 * Big), as soon as a frame's header says it is over; y-websocket retries 1009, and the retry is refused again.
 */
export const CLOSE_TOO_LARGE = 4413;
/** Retried: the server is stopping or restarting, or the room is reloading after a failed commit. */
export const CLOSE_SHUTTING_DOWN = 4503;
/** Retried (RFC 6455 1013, Try Again Later): the server is at its loaded-doc cap, a workspace failed to load, or this client read too slowly. */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * The codes after which the extension stops retrying and asks the user to act (a new invite). The
 * other 44xx codes are final for a stock y-websocket client too, but the extension retries them with
 * backoff: they come from a bug, not from anything the user can change.
 */
export const NO_RETRY_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE_UNAUTHORIZED, CLOSE_FORBIDDEN]);

export const ROLES = ['editor', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** Workspace ids appear in URLs, file names and SQL: a conservative alphabet. */
export const WORKSPACE_ID = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a workspace id is 2–63 lower-case letters, digits or dashes, starting with a letter or digit');

/** The claims of an invite token (a JWT signed by the server; HS256). */
export const InviteClaims = z.object({
  /** The workspace the token opens, and only that one. */
  ws: WORKSPACE_ID,
  role: z.enum(ROLES),
  /** Token id, for revocation. */
  jti: z.string().min(8).max(64),
  exp: z.number().int().positive(),
  iat: z.number().int().positive(),
});
export type InviteClaims = z.infer<typeof InviteClaims>;

/**
 * The link form of an invite, which the options page also accepts:
 * `evident://join?server=ws%3A%2F%2Fhost%3A1234&token=…`.
 */
export function inviteLink(serverUrl: string, token: string): string {
  return `evident://join?server=${encodeURIComponent(serverUrl)}&token=${encodeURIComponent(token)}`;
}

export function parseInviteLink(text: string): { serverUrl: string; token: string } | null {
  const match = /^evident:\/\/join\?(.*)$/.exec(text.trim());
  if (!match) return null;
  const params = new URLSearchParams(match[1]);
  const serverUrl = params.get('server');
  const token = params.get('token');
  return serverUrl && token ? { serverUrl, token } : null;
}

/**
 * Reads a token's claims without checking its signature: enough for the client to show which
 * workspace and role it is for. The server verifies every token.
 */
export function peekInviteClaims(token: string): InviteClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const parsed = InviteClaims.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
