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
 * Evident's own server → client messages, beside y-websocket's sync (0), awareness (1), auth (2) and
 * query-awareness (3). Numbered far from those so a later y-protocols type cannot collide. A stock
 * y-websocket 3.1 client looks each incoming type up in its handler table and, for a type it does not
 * know, logs "Unable to compute message" and goes on (`readMessage` in y-websocket.js): never fatal,
 * nothing sent back, the connection kept. Still, a console error per commit is noise, so the server
 * sends these only to a client that asks for them in its address (EVIDENT_PROTOCOL_PARAM). Each
 * carries its layout version right after the type; a client ignores a version it does not know
 * (server-messages.ts). Clients never send these types: the server closes a socket that does (4400,
 * an unknown type).
 */
/** `?evident=1` beside the token: this client reads Evident's own messages (layout version 1). */
export const EVIDENT_PROTOCOL_PARAM = 'evident';
export const EVIDENT_PROTOCOL_VERSION = 1;
/**
 * "This much of what you sent is stored": sent to a writer after each commit that stored its
 * writes, and after the server's sync step 2. Layout v1: [100, 1, varUint(writes stored),
 * varUint8Array(Yjs state vector entries)]. `writes stored` counts this connection's sync step 2 and
 * update messages, in the order sent, whose content is durably committed (with everything before
 * them): a state vector alone cannot say that a deletion is stored, since deleting moves no clock.
 * The state vector entries are the committed clocks of the client ids this connection holds (its
 * sync step 1) or wrote; only those that moved since the last message.
 */
export const MESSAGE_STORED = 100;
/**
 * "Your update was refused, and why": sent just before the server closes the socket. Layout v1:
 * [101, 1, varString(reason), varString(message)]; `reason` is one of REFUSAL_REASONS (a newer one is
 * shown by its message).
 */
export const MESSAGE_REFUSED = 101;
export const STORED_MESSAGE_VERSION = 1;
export const REFUSED_MESSAGE_VERSION = 1;
/**
 * `mass-delete`: the update would remove more clips from the workspace than the server allows at
 * once; sending it again cannot help, the client's replica must be rebuilt from the server's.
 * `quota`: the workspace would pass its storage quota; it may pass later (after compaction, or once
 * the administrator raises the quota), so the client keeps its changes and retries.
 */
export const REFUSAL_REASONS = ['mass-delete', 'quota'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

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
/**
 * Final for a stock client: the server refused an update that removes more clips than it allows at
 * once (MESSAGE_REFUSED says so first). The client's replica still holds that removal, and its next
 * sync step 2 would carry it again, so reconnecting as it is cannot help: the extension rebuilds its
 * replica from the server's and reconnects; a stock y-websocket client stops.
 */
export const CLOSE_REFUSED_UPDATE = 4422;
/** Retried: the server is stopping or restarting, or the room is reloading after a failed commit. */
export const CLOSE_SHUTTING_DOWN = 4503;
/**
 * Retried (RFC 6455 1013, Try Again Later): the server is at its loaded-doc cap, a workspace failed
 * to load, this client read too slowly, or its update would pass the workspace's storage quota.
 */
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
  /**
   * Set only on the short-lived invite the server's own commands (restore, import) sign for
   * themselves with its secret, never on one `invite` mints: their change is the administrator's
   * decision, so the guard rail against removing many clips at once does not stop it.
   */
  adm: z.literal(true).optional(),
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
