import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { err, ok, type Result } from '../../shared/result';

/**
 * The workspace as the server has stored it: a handshake from an empty doc, whose sync step 2 brings
 * everything (the Evident server answers a step 1 only with committed state). Not a presence:
 * teammates do not see it come and go. Closed as soon as it has the state.
 */
export async function fetchServerDoc(
  serverUrl: string,
  workspaceId: string,
  token: string,
  { timeoutMs = 30_000, WebSocketPolyfill }: { timeoutMs?: number; WebSocketPolyfill?: typeof WebSocket } = {},
): Promise<Result<Y.Doc, string>> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, workspaceId, doc, {
    connect: false,
    params: { token },
    disableBc: true,
    shouldReconnect: () => false,
    ...(WebSocketPolyfill ? { WebSocketPolyfill } : {}),
  });
  provider.awareness.setLocalState(null);
  try {
    const outcome = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(`the server did not send the workspace within ${timeoutMs / 1000} s`), timeoutMs);
      provider.on('sync', (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve(null);
      });
      provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
        clearTimeout(timer);
        resolve(`the server closed the connection (${code}${reason ? `: ${reason}` : ''})`);
      });
      provider.connect();
    });
    if (outcome !== null) {
      doc.destroy();
      return err(outcome);
    }
    return ok(doc);
  } finally {
    provider.destroy();
    provider.awareness.destroy();
  }
}
