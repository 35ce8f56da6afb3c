import { inviteLink } from '../../shared/protocol/sync';
import { mintInvite } from '../auth/tokens';
import { dbOption, durationFlag, roleFlag, stringFlag, UsageError, workspaceFlag, type Command } from './args';
import { withInviteStore } from './invite-store';

export const DEFAULT_SERVER = 'ws://127.0.0.1:1234';

/** Mints a token for one workspace and role and records it, so `list` shows it and `revoke --id` finds it. */
export const invite: Command = {
  name: 'invite',
  synopsis: '--workspace <id> --role editor|reviewer [--expires 30d] [--server ws://127.0.0.1:1234] [--db <file>]',
  summary: 'Mint an invite token. Prints the invite link (and for a reviewer, the live pack\'s), then the token itself as the last line.',
  options: { ...dbOption, workspace: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string' }, server: { type: 'string' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    const role = roleFlag(flags);
    const expiresInSeconds = durationFlag(flags, 'expires', '30d');
    const server = stringFlag(flags, 'server', DEFAULT_SERVER);
    if (!/^wss?:\/\/[^/\s]+/.test(server)) throw new UsageError(`--server "${server}" is not a ws:// or wss:// URL`);
    return withInviteStore(flags, true, async (store, path) => {
      const { token, claims } = await mintInvite(await store.secret(), { workspace, role, expiresInSeconds });
      await store.recordInvite({ jti: claims.jti, workspace, role, expiresAt: claims.exp });
      io.out(`Invite to workspace ${workspace} as ${role}, id ${claims.jti}, expires ${new Date(claims.exp * 1000).toISOString()} (${path})`);
      io.out(`Link: ${inviteLink(server, token)}`);
      if (role === 'reviewer') io.out(`Live pack, to open in a browser: ${server.replace(/^ws/, 'http').replace(/\/+$/, '')}/w/${workspace}/pack?token=${token}`);
      io.out(token);
      return 0;
    });
  },
};
