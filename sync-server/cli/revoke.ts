import { peekInviteClaims } from '../../shared/protocol/sync';
import { dbOption, stringFlag, UsageError, type Command } from './args';
import { withInviteStore } from './invite-store';

/**
 * Revokes an invite by its token or its id. The server checks revocation in the HTTP upgrade, so a
 * revoked token opens no new connection; the database is shared, so the server need not restart.
 */
export const revoke: Command = {
  name: 'revoke',
  synopsis: '(--token <token> | --id <jti>) [--reason <text>] [--db <file>]',
  summary: 'Revoke an invite: the server refuses its token from then on (close code 4401).',
  options: { ...dbOption, token: { type: 'string' }, id: { type: 'string' }, reason: { type: 'string' } },
  async run(flags, io) {
    if ((flags.token === undefined) === (flags.id === undefined)) throw new UsageError('revoke takes one of --token or --id');
    let jti: string;
    if (flags.token !== undefined) {
      const token = stringFlag(flags, 'token');
      const claims = peekInviteClaims(token);
      if (!claims) throw new UsageError(`--token "${token.length > 24 ? `${token.slice(0, 24)}…` : token}" is not an invite token`);
      jti = claims.jti;
    } else {
      jti = stringFlag(flags, 'id');
    }
    const reason = stringFlag(flags, 'reason', 'revoked with evident-sync revoke');
    return withInviteStore(flags, false, async (store, path) => {
      const known = (await store.invites()).find((i) => i.jti === jti);
      await store.revoke(jti, reason);
      const what = known ? `workspace ${known.workspace}, ${known.role}` : `not among the invites recorded in ${path}`;
      io.out(`Revoked invite ${jti} (${what})`);
      return 0;
    });
  },
};
