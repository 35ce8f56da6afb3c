import { errors, jwtVerify, SignJWT } from 'jose';
import { InviteClaims, type Role } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';

const ALGORITHM = 'HS256';
const ISSUER = 'evident-sync';

export type TokenProblem = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked';

export interface MintOptions {
  workspace: string;
  role: Role;
  /** Seconds until it expires. */
  expiresInSeconds: number;
  now?: Date;
  /** For the server's own commands only (InviteClaims.adm); `invite` never sets it. */
  isAdministrator?: boolean;
}

const keyOf = (secret: Uint8Array) => secret;

/** A new invite token for one workspace and role, with its id (for revocation). */
export async function mintInvite(secret: Uint8Array, options: MintOptions): Promise<{ token: string; claims: InviteClaims }> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: InviteClaims = {
    ws: options.workspace,
    role: options.role,
    jti: globalThis.crypto.randomUUID().replaceAll('-', ''),
    iat,
    exp: iat + options.expiresInSeconds,
    ...(options.isAdministrator ? { adm: true as const } : {}),
  };
  const checked = InviteClaims.parse(claims);
  const token = await new SignJWT({ ws: checked.ws, role: checked.role, ...(checked.adm ? { adm: true } : {}) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setJti(checked.jti)
    .setIssuedAt(checked.iat)
    .setExpirationTime(checked.exp)
    .sign(keyOf(secret));
  return { token, claims: checked };
}

/**
 * Checks a token's signature, expiry, shape and revocation. Only HS256 from this issuer is accepted
 * (no `alg: none`, no key confusion); the claims must validate.
 */
export async function verifyInvite(
  secret: Uint8Array,
  token: string | null | undefined,
  isRevoked: (jti: string) => boolean,
  now: Date = new Date(),
): Promise<Result<InviteClaims, TokenProblem>> {
  if (!token) return err('missing');
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      currentDate: now,
    });
    const claims = InviteClaims.safeParse(payload);
    if (!claims.success) return err('malformed');
    if (isRevoked(claims.data.jti)) return err('revoked');
    return ok(claims.data);
  } catch (e) {
    if (e instanceof errors.JWTExpired) return err('expired');
    if (e instanceof errors.JWSSignatureVerificationFailed) return err('bad-signature');
    return err('malformed');
  }
}

/** "30d", "12h", "90m", "3600" (seconds) → seconds. */
export function parseDuration(text: string): Result<number, string> {
  const match = /^(\d+)\s*([smhdw]?)$/i.exec(text.trim());
  if (!match) return err(`"${text}" is not a duration like 30d, 12h, 90m or 3600`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[match[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? ok(seconds) : err('a duration must be more than zero');
}
