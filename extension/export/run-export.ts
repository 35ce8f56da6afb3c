import type { ExportMessage, ExportRequest } from './export-protocol';

export interface RunningExport {
  /** The file, or null when cancelled. */
  result: Promise<{ data: Uint8Array | string; mime: string } | null>;
  cancel(): void;
}

/**
 * Starts an export in its own worker, reporting progress; `cancel` stops the worker at once (nothing
 * was written anywhere, so there is nothing to undo).
 */
export function runExport(request: ExportRequest, onProgress: (stage: string, fraction: number) => void): RunningExport {
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
  let settle!: (value: { data: Uint8Array | string; mime: string } | null) => void;
  let fail!: (error: Error) => void;
  const result = new Promise<{ data: Uint8Array | string; mime: string } | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  worker.addEventListener('message', (event: MessageEvent<ExportMessage>) => {
    const message = event.data;
    if (message.type === 'progress') return onProgress(message.stage, message.fraction);
    worker.terminate();
    if (message.type === 'done') settle({ data: message.data, mime: message.mime });
    else fail(new Error(message.message));
  });
  worker.addEventListener('error', (event) => {
    worker.terminate();
    fail(new Error(event.message || 'the export stopped unexpectedly'));
  });
  worker.postMessage(request);
  return {
    result,
    cancel() {
      worker.terminate();
      settle(null);
    },
  };
}
