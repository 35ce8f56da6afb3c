/**
 * Ends one worker thread of a running process from outside it, through the V8 inspector's NodeWorker
 * domain: the test attaches to the thread by its name and runs `process.exit(code)` inside it, which
 * ends that thread only (a signal would end the whole process). This is how the tests make a store
 * worker die without any hook in the server's code: the server sees the thread exit as it would
 * after a crash in it.
 */
import { Session } from 'node:inspector/promises';
import WebSocket from 'ws';

/** The few Chrome DevTools Protocol calls used here, over an in-process session or a WebSocket. */
interface Cdp {
  send(method: string, params?: object): Promise<unknown>;
  onEvent(listener: (method: string, params: Record<string, unknown>) => void): void;
  close(): void;
}

/** The inspector of this process (for a store writer opened by the test itself). */
function sessionCdp(): Cdp {
  const session = new Session();
  session.connect();
  return {
    send: (method, params) => session.post(method, params),
    onEvent: (listener) => session.on('inspectorNotification', (message) => listener(message.method, (message.params ?? {}) as Record<string, unknown>)),
    close: () => session.disconnect(),
  };
}

/** The inspector of another process, started with `--inspect=127.0.0.1:0` (it prints the URL on stderr). */
async function websocketCdp(url: string): Promise<Cdp> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const answers = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners: Array<(method: string, params: Record<string, unknown>) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) {
      const answer = answers.get(message.id);
      answers.delete(message.id);
      if (message.error) answer?.reject(new Error(message.error.message));
      else answer?.resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners) listener(message.method, message.params ?? {});
    }
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        answers.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    onEvent: (listener) => listeners.push(listener),
    close: () => ws.close(),
  };
}

/** Attaches to the worker thread named `name` and runs `process.exit(code)` in it. */
async function exitWorkerThrough(cdp: Cdp, name: string, code: number): Promise<void> {
  try {
    const attached = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no worker thread named ${name} to attach to`)), 10_000);
      cdp.onEvent((method, params) => {
        const info = params.workerInfo as { title?: string } | undefined;
        if (method === 'NodeWorker.attachedToWorker' && info?.title?.endsWith(` ${name}`)) {
          clearTimeout(timer);
          resolve(String(params.sessionId));
        }
      });
    });
    await cdp.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
    const sessionId = await attached;
    const message = JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: `process.exit(${code})` } });
    await cdp.send('NodeWorker.sendMessageToWorker', { sessionId, message });
  } finally {
    cdp.close();
  }
}

/** Ends a worker thread of this process by name (`evident-store-committer`, `evident-store-compactor`). */
export function exitWorkerThreadHere(name: string, code = 1): Promise<void> {
  return exitWorkerThrough(sessionCdp(), name, code);
}

/** Ends a worker thread of another process, given the inspector URL it printed ("Debugger listening on ws://…"). */
export async function exitWorkerThreadOf(inspectorUrl: string, name: string, code = 1): Promise<void> {
  return exitWorkerThrough(await websocketCdp(inspectorUrl), name, code);
}

/** The inspector URL a process printed, from its output. */
export function inspectorUrlIn(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}
