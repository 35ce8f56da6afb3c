import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The server's logger: one JSON object per line on stdout (pino), for whatever collects the
 * process's output. Level from EVIDENT_LOG_LEVEL (`silent` quiets it, as tests do).
 * Tokens are never logged: callers log a token's id (`jti`) at most.
 */
export function createLogger(level: string = process.env.EVIDENT_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'evident-sync' } });
}
