import { createHmac } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, WORKSPACE_ID, type InviteClaims } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';

/**
 * Reviewer-page sessions: what `GET /w/<workspace>/pack?token=<invite>` exchanges an invite for,
 * kept in a cookie so the token leaves the address bar (and the history, and the Referer). A
 * session is a JWT like an invite, but never interchangeable with one: it is signed with a key
 * derived from the server's secret for this purpose only, and carries its own `typ` and audience.
 * An invite presented as a session, or a session as an invite, fails its signature check.
 */

const ALGORITHM = 'HS256';
const ISSUER = 'evident-sync';
const AUDIENCE = 'evident-sync/pack-page';
const TYPE = 'evident-pack-session+jwt';
/** Domain separation (HMAC as a KDF): the session key is useless for invites, and the other way round. */
const KEY_LABEL = 'evident-sync pack-page session key v1';

/** A reviewer reading a pack all day keeps one session; it never outlives the invite it came from. */
export const SESSION_MAX_SECONDS = 12 * 3600;

export type SessionProblem = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked';

export const SessionClaims = z.object({
  ws: WORKSPACE_ID,
  role: z.enum(ROLES),
  /** The invite's `jti`: revoking the invite ends its sessions (checked on every request). */
  inv: z.string().min(8).max(64),
  iat: z.number().int().positive(),
  exp: z.number().int().positive(),
});
export type SessionClaims = z.infer<typeof SessionClaims>;

const keys = new WeakMap<Uint8Array, Uint8Array>();
function sessionKey(secret: Uint8Array): Uint8Array {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = new Uint8Array(createHmac('sha256', secret).update(KEY_LABEL).digest())));
  return key;
}

/** A session for a verified invite: same workspace and role, until SESSION_MAX_SECONDS or the invite's expiry, whichever is first. */
export async function mintSession(secret: Uint8Array, invite: InviteClaims, now = new Date()): Promise<{ value: string; claims: SessionClaims }> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims = SessionClaims.parse({ ws: invite.ws, role: invite.role, inv: invite.jti, iat, exp: Math.min(iat + SESSION_MAX_SECONDS, invite.exp) });
  const value = await new SignJWT({ ws: claims.ws, role: claims.role, inv: claims.inv })
    .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(sessionKey(secret));
  return { value, claims };
}

/** Checks a session's signature, type, audience, expiry, shape, and that its invite is not revoked. */
export async function verifySession(
  secret: Uint8Array,
  value: string | null | undefined,
  isRevoked: (inviteJti: string) => boolean,
  now: Date = new Date(),
): Promise<Result<SessionClaims, SessionProblem>> {
  if (!value) return err('missing');
  try {
    const { payload } = await jwtVerify(value, sessionKey(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: TYPE,
      currentDate: now,
    });
    const claims = SessionClaims.safeParse(payload);
    if (!claims.success) return err('malformed');
    if (isRevoked(claims.data.inv)) return err('revoked');
    return ok(claims.data);
  } catch (e) {
    if (e instanceof errors.JWTExpired) return err('expired');
    if (e instanceof errors.JWSSignatureVerificationFailed) return err('bad-signature');
    return err('malformed');
  }
}
