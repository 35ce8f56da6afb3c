import { parseDuration } from '../auth/tokens';
import { UsageError, stringFlag, type Flags } from './args';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const AGO = /^(?:-\s*(\S+)|(\S+)\s+ago)$/i;

/**
 * A moment given on the command line, as Unix ms: an ISO 8601 date and time (`2025-03-04T09:30:00Z`;
 * without an offset, this machine's local time, as the server stamps commits with this clock), or a
 * time back from `now` (`10m ago`, `-2h`, `-1d`). A date alone is refused: midnight where?
 */
export function parseMoment(text: string, now: number): number | null {
  const trimmed = text.trim();
  const ago = AGO.exec(trimmed);
  if (ago) {
    const seconds = parseDuration(ago[1] ?? ago[2]!);
    return seconds.ok ? now - seconds.value * 1000 : null;
  }
  if (!DATE_TIME.test(trimmed)) return null;
  const ms = Date.parse(trimmed.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : null;
}

export function momentFlag(flags: Flags, name: string, now: number): number {
  const text = stringFlag(flags, name);
  const at = parseMoment(text, now);
  if (at === null) {
    throw new UsageError(`--${name} "${text}" is not a time: give an ISO 8601 date and time (2025-03-04T09:30:00Z; local time without an offset) or a time ago (10m ago, -2h, -1d)`);
  }
  return at;
}

/** Unix ms as ISO 8601 in UTC, to the millisecond: what a command prints, and takes back exactly. */
export const isoMs = (ms: number) => new Date(ms).toISOString();
