import type { PackFormat, PackOptions, PackSelection } from '../../shared/pack/types';

/** What the dashboard asks the export worker for. */
export interface ExportRequest {
  workspaceId: string;
  selection: PackSelection;
  options: PackOptions;
  format: PackFormat;
}

/** What the worker says back: progress as it goes, then the file or the reason it could not make it. */
export type ExportMessage =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'done'; data: Uint8Array | string; mime: string }
  | { type: 'failed'; message: string };

/** `evident-pack-<workspace>-<YYYY-MM-DD>.<format>` (the testing contract's file name). */
export const packFilename = (workspaceId: string, format: PackFormat, at: Date) =>
  `evident-pack-${workspaceId}-${at.toISOString().slice(0, 10)}.${format}`;
