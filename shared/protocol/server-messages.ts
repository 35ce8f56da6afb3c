import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { err, ok, type Result } from '../result';
import { MESSAGE_REFUSED, MESSAGE_STORED, REFUSAL_REASONS, REFUSED_MESSAGE_VERSION, STORED_MESSAGE_VERSION, type RefusalReason } from './sync';

/** What the server says it has stored of one connection's writes (MESSAGE_STORED). */
export interface StoredReport {
  /** This connection's write messages (sync step 2 and updates), in the order sent, that are stored. */
  writesStored: number;
  /** Committed clocks, for the client ids this connection holds or wrote that moved since the last report. */
  stateVector: Map<number, number>;
}

/** Why the server refused a write (MESSAGE_REFUSED); `reason` is a string a newer server may extend. */
export interface RefusalReport {
  reason: RefusalReason | string;
  message: string;
}

export function encodeStoredMessage({ writesStored, stateVector }: StoredReport): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_STORED);
  encoding.writeVarUint(encoder, STORED_MESSAGE_VERSION);
  encoding.writeVarUint(encoder, writesStored);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(stateVector));
  return encoding.toUint8Array(encoder);
}

export function encodeRefusedMessage({ reason, message }: RefusalReport): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_REFUSED);
  encoding.writeVarUint(encoder, REFUSED_MESSAGE_VERSION);
  encoding.writeVarString(encoder, reason);
  encoding.writeVarString(encoder, message);
  return encoding.toUint8Array(encoder);
}

/**
 * Reads a MESSAGE_STORED body (after its type). A version this client does not know is an error
 * value: the caller ignores that message rather than misreading it.
 */
export function readStoredMessage(decoder: decoding.Decoder): Result<StoredReport, string> {
  try {
    const version = decoding.readVarUint(decoder);
    if (version !== STORED_MESSAGE_VERSION) return err(`stored message version ${version} is not ${STORED_MESSAGE_VERSION}`);
    const writesStored = decoding.readVarUint(decoder);
    const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    return ok({ writesStored, stateVector });
  } catch (e) {
    return err(`stored message does not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function readRefusedMessage(decoder: decoding.Decoder): Result<RefusalReport, string> {
  try {
    const version = decoding.readVarUint(decoder);
    if (version !== REFUSED_MESSAGE_VERSION) return err(`refused message version ${version} is not ${REFUSED_MESSAGE_VERSION}`);
    return ok({ reason: decoding.readVarString(decoder), message: decoding.readVarString(decoder) });
  } catch (e) {
    return err(`refused message does not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const isKnownRefusal = (reason: string): reason is RefusalReason => (REFUSAL_REASONS as readonly string[]).includes(reason);
