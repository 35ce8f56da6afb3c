import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { MESSAGE_REFUSED, MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';

/**
 * A command's connection to the running server, as a y-websocket client: it holds the workspace as
 * the server has it (the server sends only what it has committed) and sends one update.
 */
export interface ServerSession {
  doc: Y.Doc;
  send(update: Uint8Array): void;
  /** Why the server closed the connection, once it has (null while open). */
  closedBecause(): string | null;
  close(): void;
}

const frame = (subtype: number, payload: Uint8Array) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
};

/** Opens `url/<workspace>?token=…` and resolves once the server's sync step 2 has arrived. */
export function openServerSession(url: string, workspace: string, token: string, timeoutMs = 20_000): Promise<Result<ServerSession, string>> {
  const doc = new Y.Doc();
  const ws = new WebSocket(`${url}/${workspace}?token=${encodeURIComponent(token)}`);
  let closedBecause: string | null = null;
  let refusal = '';
  return new Promise((resolve) => {
    let isSynced = false;
    const timer = setTimeout(() => finish(err(`the server at ${url} did not send workspace ${workspace} within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (result: Result<ServerSession, string>) => {
      clearTimeout(timer);
      if (!result.ok) ws.terminate();
      resolve(result);
    };
    ws.on('error', (e) => {
      closedBecause ??= e.message;
      if (!isSynced) finish(err(`cannot reach the server at ${url}: ${e.message}`));
    });
    ws.on('open', () => ws.send(frame(SYNC_STEP_1, Y.encodeStateVector(doc))));
    ws.on('close', (code, reason) => {
      closedBecause = `closed the connection with ${code}${reason.length ? ` (${reason.toString()})` : ''}${refusal ? `: ${refusal}` : ''}`;
      if (!isSynced) finish(err(`the server at ${url} ${closedBecause}`));
    });
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_REFUSED) {
        decoding.readVarUint(decoder); // layout version
        const reason = decoding.readVarString(decoder);
        refusal = `${reason}: ${decoding.readVarString(decoder)}`;
        return;
      }
      if (type !== MESSAGE_SYNC) return; // presence and Evident's other messages: nothing to do here
      const subtype = decoding.readVarUint(decoder);
      if (subtype === SYNC_STEP_1) return; // the server asks for what this client has: nothing yet
      if (subtype !== SYNC_STEP_2 && subtype !== SYNC_UPDATE) return;
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
      if (subtype === SYNC_STEP_2 && !isSynced) {
        isSynced = true;
        finish(
          ok({
            doc,
            send: (update) => ws.send(frame(SYNC_UPDATE, update)),
            closedBecause: () => closedBecause,
            close: () => {
              ws.close(1000);
              doc.destroy();
            },
          }),
        );
      }
    });
  });
}
