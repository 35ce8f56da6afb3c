import { configFromEnv, resolveSyncServerConfig } from '../config';
import { historyMsOf } from '../persistence/history-policy';

/**
 * The settings a command shares with the server it sits beside, read from the same EVIDENT_*
 * variables: the retention window (EVIDENT_HISTORY_DAYS) and the frame limit a change sent through
 * the server must fit in (EVIDENT_MAX_FRAME_BYTES).
 */
export function serverSettings(): { historyMs: number; historyDays: number; maxFrameBytes: number } {
  const config = resolveSyncServerConfig(configFromEnv());
  return { historyMs: historyMsOf(config.historyDays), historyDays: config.historyDays, maxFrameBytes: config.maxFrameBytes };
}
