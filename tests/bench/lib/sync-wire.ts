/**
 * How a sync server frames the y-protocols messages, for the load generator's raw clients
 * (lib/load-generator.ts). The sync messages themselves (step 1, step 2, update) are the same
 * everywhere; what differs is the envelope around them and what a client says first.
 *
 * - y-websocket (`@y/websocket-server`, Evident): one room per socket, named in the URL; a frame is
 *   `varUint type` + body; no greeting (Evident reads its token from the URL).
 * - Hocuspocus: one socket can carry several documents, so every frame starts with the document's
 *   name as a varString, then `varUint type` + body. Nothing is accepted for a document before its
 *   auth message (type 2, `Token` + a token string), which the server answers with `Authenticated`;
 *   it answers a step 1 with a `SyncReply` (type 4, a sync message that asks for no step 2 back)
 *   and every update with a `SyncStatus` (type 8), both of which the clients here read or skip.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-protocols' message types as every server here numbers them. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
/** Hocuspocus only. */
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_AUTH_TOKEN = 0;

export interface SyncWire {
  /** Writes the envelope and the message type; the caller writes the body. */
  writeHeader(encoder: encoding.Encoder, type: number): void;
  /** Reads the envelope; returns the message type, with a server's sync variants read as MESSAGE_SYNC. */
  readHeader(decoder: decoding.Decoder): number;
  /** Frames to send as soon as the socket opens, before sync step 1. */
  greeting(): Uint8Array[];
  /**
   * A frame an idle client sends now and then so that the server keeps it, or null when the
   * server keeps idle sockets by WebSocket pings (which `ws` answers by itself).
   */
  keepAlive(): Uint8Array | null;
}

export const yWebsocketWire: SyncWire = {
  writeHeader: (encoder, type) => encoding.writeVarUint(encoder, type),
  readHeader: (decoder) => decoding.readVarUint(decoder),
  greeting: () => [],
  keepAlive: () => null,
};

/**
 * How often a client sends its wire's keep-alive. A stock Hocuspocus provider renews its awareness
 * state every 15 s (y-protocols' Awareness renews at half its 30 s timeout), whatever else it sends.
 */
export const KEEPALIVE_MS = 15_000;

/**
 * Hocuspocus's envelope for one document. Hocuspocus closes a socket that has sent nothing for its
 * `timeout` (60 s by default; checked every 60 s, so it happens 60–120 s after the last frame), and
 * counts only what the client sends: an observer that only receives updates is closed all the same
 * (code 4408, "Connection Timeout"). Its provider stays alive through awareness renewals (every
 * 15 s), so the keep-alive here is an awareness update with no entries: the same message, changing
 * nothing, and not broadcast to anyone.
 */
export function hocuspocusWire(documentName: string, token: string): SyncWire {
  const frame = (type: number, writeBody: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, documentName);
    encoding.writeVarUint(encoder, type);
    writeBody(encoder);
    return encoding.toUint8Array(encoder);
  };
  return {
    writeHeader(encoder, type) {
      encoding.writeVarString(encoder, documentName);
      encoding.writeVarUint(encoder, type);
    },
    readHeader(decoder) {
      decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      return type === HOCUSPOCUS_SYNC_REPLY ? MESSAGE_SYNC : type;
    },
    greeting: () => [
      frame(HOCUSPOCUS_AUTH, (e) => {
        encoding.writeVarUint(e, HOCUSPOCUS_AUTH_TOKEN);
        encoding.writeVarString(e, token);
      }),
    ],
    keepAlive: () => frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, Uint8Array.of(0))),
  };
}

/** Where a client of one room connects, and how it frames its messages there. */
export interface Endpoint {
  url: string;
  wire: SyncWire;
}
