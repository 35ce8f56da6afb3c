import type { IncomingMessage } from 'node:http';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, WORKSPACE_ID, type InviteClaims } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';
import type { SyncStore } from '../persistence/types';
import { verifyInvite, type TokenProblem } from './tokens';

export type RefusalReason = TokenProblem | 'origin' | 'bad-path' | 'wrong-workspace';

/** Why an upgrade was refused, and the close code and short reason the client is told. */
export interface UpgradeRefusal {
  reason: RefusalReason;
  code: typeof CLOSE_UNAUTHORIZED | typeof CLOSE_FORBIDDEN;
  message: string;
}

export interface UpgradeGrant {
  workspace: string;
  claims: InviteClaims;
}

export interface UpgradeAuthDeps {
  store: Pick<SyncStore, 'secret' | 'isRevoked'>;
  isOriginAllowed: (origin: string | undefined) => boolean;
  now?: () => Date;
}

const refuse = (reason: RefusalReason, code: UpgradeRefusal['code'], message: string) => err<UpgradeRefusal>({ reason, code, message });

const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  missing: 'no invite token',
  malformed: 'invite token not valid',
  'bad-signature': 'invite token not valid',
  expired: 'invite token expired',
  revoked: 'invite token revoked',
};

/**
 * Decides whether an HTTP upgrade may open a workspace, before any doc is loaded. The request is
 * `GET /<workspace>?token=<jwt>` (y-websocket puts the room in the path and `params` in the query).
 * Checked in order: origin (a page on another site driving the user's browser), then the token
 * (signature, expiry, revocation), then that the token is for this path's workspace.
 */
export async function authenticateUpgrade(req: IncomingMessage, deps: UpgradeAuthDeps): Promise<Result<UpgradeGrant, UpgradeRefusal>> {
  const origin = req.headers.origin;
  if (!deps.isOriginAllowed(origin)) return refuse('origin', CLOSE_FORBIDDEN, 'origin not allowed');

  const url = new URL(req.url ?? '/', 'http://x');
  const verified = await verifyInvite(deps.store.secret(), url.searchParams.get('token'), (jti) => deps.store.isRevoked(jti), deps.now?.());
  if (!verified.ok) return refuse(verified.error, CLOSE_UNAUTHORIZED, TOKEN_MESSAGES[verified.error]);

  // The workspace alphabet needs no escaping, so the raw path segment is compared: `/a%2Db` is not `/a-b`.
  const workspace = url.pathname.slice(1);
  if (!WORKSPACE_ID.safeParse(workspace).success) return refuse('bad-path', CLOSE_FORBIDDEN, 'not a workspace path');
  if (verified.value.ws !== workspace) return refuse('wrong-workspace', CLOSE_FORBIDDEN, 'invite is for another workspace');
  return ok({ workspace, claims: verified.value });
}
