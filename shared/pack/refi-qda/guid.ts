/**
 * Stable GUIDs for REFI-QDA exports. A QDA tool merges an imported codebook or project into its own by
 * GUID, so a tag must keep its GUID from one export to the next (and through a rename): each GUID is a
 * name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of a namespace and a name), over Evident's own
 * namespace and a name made of the kind of thing and its workspace id ("tag:tag_x1"). Codes that mean
 * the same in every workspace (the assessments, the statuses) are named by their key, so they get the
 * same GUID in every export of every workspace.
 *
 * SHA-1 is computed here rather than with `crypto.subtle.digest`: that one is asynchronous only, the
 * codebook export is a synchronous function, and a 10,000-clip project needs ~70,000 GUIDs (one
 * promise each costs more than the hash). The tests check this SHA-1 against Node's.
 */

/** Evident's namespace for name-based UUIDs (a random v4 UUID, fixed once: changing it changes every GUID). */
export const EVIDENT_GUID_NAMESPACE = '5f1b7e0c-3c8e-4a63-9d3e-6a0f2b1c9e47';

const utf8 = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** SHA-1's message schedule, reused: the exports hash tens of thousands of short names. */
const schedule = new Uint32Array(80);
const namespaceBytes = uuidBytes(EVIDENT_GUID_NAMESPACE);

/** The GUID of a thing in an export: `kind` says what it is ("tag", "action", "user"), `key` which one. */
export function guidFor(kind: string, key: string): string {
  return uuidV5(namespaceBytes, `${kind}:${key}`);
}

/**
 * guidFor with a cache, for one export: a project names the same user, code or action in thousands of
 * attributes, and SHA-1 is most of its time otherwise. Made per export, so nothing outlives it.
 */
export function guidCache(): (kind: string, key: string) => string {
  const known = new Map<string, string>();
  return (kind, key) => {
    const name = `${kind}:${key}`;
    let guid = known.get(name);
    if (guid === undefined) {
      guid = uuidV5(namespaceBytes, name);
      known.set(name, guid);
    }
    return guid;
  };
}

/** RFC 9562 name-based UUID (version 5) of `name` (UTF-8) in `namespace` (16 bytes), as 8-4-4-4-12 lower-case hex. */
export function uuidV5(namespace: Uint8Array, name: string): string {
  const nameBytes = utf8.encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(namespace, 0);
  input.set(nameBytes, 16);
  const hash = sha1(input);
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122/9562 variant
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[hash[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`uuidBytes: not a UUID: ${uuid}`);
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** SHA-1 (FIPS 180-4 §6.1) of `bytes`: 20 bytes. */
export function sha1(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = schedule;
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h));
  return out;
}
