import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintInvite, verifyInvite } from '../../sync-server/auth/tokens';

const secret = new TextEncoder().encode('a test secret of at least thirty-two bytes');
const notRevoked = () => false;

describe("the administrator's claim (a restore may take out many clips)", () => {
  it('is never on an invite minted for a member', async () => {
    for (const role of ['editor', 'reviewer'] as const) {
      const { token, claims } = await mintInvite(secret, { workspace: 'wsx-ilacs', role, expiresInSeconds: 60 });
      expect(claims.adm).toBeUndefined();
      expect(decodeJwt(token).adm).toBeUndefined();
      const verified = await verifyInvite(secret, token, notRevoked);
      expect(verified.ok && verified.value.adm).toBeFalsy();
    }
  });

  it("is on the server's own commands' invite, and only a token signed with the server's secret carries it", async () => {
    const { token } = await mintInvite(secret, { workspace: 'wsx-ilacs', role: 'editor', expiresInSeconds: 60, isAdministrator: true });
    const verified = await verifyInvite(secret, token, notRevoked);
    expect(verified.ok && verified.value.adm).toBe(true);

    // A member who adds the claim to their own token breaks its signature.
    const member = await mintInvite(secret, { workspace: 'wsx-ilacs', role: 'editor', expiresInSeconds: 60 });
    const forged = await new SignJWT({ ws: 'wsx-ilacs', role: 'editor', adm: true })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('evident-sync')
      .setJti(member.claims.jti)
      .setIssuedAt(member.claims.iat)
      .setExpirationTime(member.claims.exp)
      .sign(new TextEncoder().encode('not the server secret, though just as long'));
    expect(await verifyInvite(secret, forged, notRevoked)).toEqual({ ok: false, error: 'bad-signature' });
  });
});
