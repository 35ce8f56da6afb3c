import { MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol/sync';
import { err, ok, type Result } from '../../shared/result';

/** y-websocket's "send me your awareness states": only sent over BroadcastChannel today, but part of the protocol. */
export const MESSAGE_QUERY_AWARENESS = 3;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as sent (JSON), forwarded as is; `"null"` means the client has left. */
  stateJson: string;
}

/** One client frame, decoded. Payloads are copies, never views on the socket's buffer. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; entries: AwarenessEntry[] }
  | { type: 'query-awareness' };

/** Thrown only inside this module; `decodeClientMessage` turns it into an error value. */
class FrameError extends Error {}

/**
 * A bounds-checked cursor over a frame. lib0's decoding trusts its input: `readVarUint` throws on a
 * truncated buffer and only checks the range while more bytes follow, so a 9-byte varint can still
 * yield a number past 2^53 that no longer means what was sent. This reader refuses both.
 */
class FrameReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get isDone(): boolean {
    return this.pos === this.bytes.length;
  }

  readVarUint(what: string): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new FrameError(`${what}: truncated number`);
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * multiplier;
      if (!Number.isSafeInteger(value)) throw new FrameError(`${what}: number longer than 53 bits`);
      if (byte < 0x80) return value;
      multiplier *= 128;
      // 8 bytes carry 56 bits: a ninth one can only overflow (or pad a number with zeros).
      if (multiplier >= 2 ** 56) throw new FrameError(`${what}: number longer than 53 bits`);
    }
  }

  readVarBytes(what: string): Uint8Array {
    const length = this.readVarUint(`${what} length`);
    if (length > this.bytes.length - this.pos) {
      throw new FrameError(`${what}: length ${length} runs past the end of the frame (${this.bytes.length - this.pos} bytes left)`);
    }
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  readVarString(what: string): string {
    // fatal: a string that is not UTF-8 is a broken frame, not text to repair.
    return new TextDecoder('utf-8', { fatal: true }).decode(this.readVarBytes(what));
  }
}

function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const reader = new FrameReader(update);
  const count = reader.readVarUint('awareness entry count');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = reader.readVarUint('awareness client id');
    const clock = reader.readVarUint('awareness clock');
    // Yjs client ids are 32-bit: a bigger one is not from a real client.
    if (clientId > 0xffffffff) throw new FrameError(`awareness client id ${clientId} is not a 32-bit id`);
    const stateJson = reader.readVarString('awareness state');
    JSON.parse(stateJson); // must be JSON: y-protocols parses it at every peer
    entries.push({ clientId, clock, stateJson });
  }
  if (!reader.isDone) throw new FrameError('awareness update: bytes after the last entry');
  return entries;
}

function readMessage(reader: FrameReader): ClientMessage {
  const type = reader.readVarUint('message type');
  if (type === MESSAGE_SYNC) {
    const step = reader.readVarUint('sync message type');
    if (step === SYNC_STEP_1) return { type: 'sync-step1', stateVector: reader.readVarBytes('state vector') };
    if (step === SYNC_STEP_2) return { type: 'sync-step2', update: reader.readVarBytes('sync step 2 update') };
    if (step === SYNC_UPDATE) return { type: 'sync-update', update: reader.readVarBytes('update') };
    throw new FrameError(`unknown sync message type ${step}`);
  }
  if (type === MESSAGE_AWARENESS) return { type: 'awareness', entries: readAwarenessEntries(reader.readVarBytes('awareness update')) };
  if (type === MESSAGE_QUERY_AWARENESS) return { type: 'query-awareness' };
  // Includes 2 (y-protocols auth), which only the server sends.
  throw new FrameError(`unknown message type ${type}`);
}

/**
 * Decodes one frame from a client, or says why it is not a message of the y-websocket protocol:
 * truncated, over-long numbers, unknown types, bad UTF-8 or JSON, bytes after the message.
 * The Yjs update inside a sync message is checked later, when the room applies it.
 */
export function decodeClientMessage(frame: Uint8Array): Result<ClientMessage, string> {
  const reader = new FrameReader(frame);
  try {
    const message = readMessage(reader);
    if (!reader.isDone) return err(`${message.type}: bytes after the end of the message`);
    return ok(message);
  } catch (e) {
    // Untrusted input is the edge: whatever a frame makes the reader throw (FrameError, JSON's
    // SyntaxError, TextDecoder's TypeError) is a bad frame, never a crash.
    return err(e instanceof Error ? e.message : String(e));
  }
}
