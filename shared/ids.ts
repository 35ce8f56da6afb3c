/**
 * Identifiers and stable hashes. Record ids are random (two people clipping the same passage offline
 * must not overwrite each other's record); a source's id is derived from its address so that every
 * replica names the same page the same way.
 */

/** A random id with a readable prefix, e.g. `ev_3f9c…`. Uses Web Crypto, present in Node and browsers. */
export function newId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** 53-bit FNV-1a as 14 hex digits: a cheap, stable hash for keys (not for security). */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hi = (h2 >>> 0) & 0x1fffff;
  return hi.toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

const TRACKING_PARAMS = /^(utm_|fbclid$|gclid$|mc_eid$|mc_cid$)/;

/**
 * The address that identifies a document: no fragment, lower-case host, no tracking parameters.
 * modern.gov and CMIS put the document identity in the query string, so the rest of it is kept.
 */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.trim();
  }
  parsed.hash = '';
  parsed.hostname = parsed.hostname.toLowerCase();
  // forEach, not keys(): in a Firefox content script the iterator URLSearchParams hands back is not
  // iterable there ("searchParams.keys() is not iterable"), and every clip failed.
  const tracking: string[] = [];
  parsed.searchParams.forEach((_, key) => {
    if (TRACKING_PARAMS.test(key)) tracking.push(key);
  });
  for (const key of tracking) parsed.searchParams.delete(key);
  return parsed.toString();
}

export function sourceIdForUrl(url: string): string {
  return `src_${stableHash(normalizeUrl(url))}`;
}

/** A PDF is named by its content, wherever it was opened from (two addresses, one document). */
export function sourceIdForPdf(sha256: string): string {
  return `src_pdf${sha256.slice(0, 20)}`;
}

/** Whitespace-collapsed, case-folded text: the key that recognises the same passage clipped twice. */
export function normalizeQuote(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
