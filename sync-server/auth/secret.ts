/** HS256 keys shorter than the hash's output make invites easier to forge (RFC 7518 §3.2 asks for at least 256 bits). */
export const MIN_SECRET_BYTES = 32;

/**
 * EVIDENT_SECRET, when set, checked: at least 32 bytes, or an error that says how to make one. A
 * short secret can be guessed offline from any one invite (it is an HMAC key), and whoever guesses it
 * mints editor invites for every workspace. Unset: the store generates a random one and keeps it.
 */
export function secretFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  const secret = env.EVIDENT_SECRET;
  if (!secret) return undefined;
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    throw new Error(
      `EVIDENT_SECRET is ${bytes} bytes long; it must be at least ${MIN_SECRET_BYTES} bytes. Make one with: openssl rand -base64 48`,
    );
  }
  return secret;
}
