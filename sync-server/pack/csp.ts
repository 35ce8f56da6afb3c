/**
 * The Content-Security-Policy header for a rendered pack: the pack's own `<meta>` policy (shared/pack
 * renders it, with the hash of its one script), so the header never disagrees with the file, plus
 * what a meta policy cannot say (CSP3 §6.4: `frame-ancestors` is ignored there) so no other site can
 * frame the page. A pack without a meta policy gets the strictest one: no scripts, no styles loaded.
 */

const FRAME_ANCESTORS = "frame-ancestors 'none'";
export const STRICTEST_CSP = `default-src 'none'; base-uri 'none'; form-action 'none'; ${FRAME_ANCESTORS}`;

/** The meta policy is in the head: never scan megabytes of embedded data for it. */
const HEAD_SCAN_CHARS = 65_536;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
const decodeAttribute = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
    name[0] === '#'
      ? String.fromCodePoint(name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10))
      : (ENTITIES[name.toLowerCase()] ?? whole),
  );

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = m[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeAttribute(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

/** The policy of the first `<meta http-equiv="Content-Security-Policy">` in the document's head, or null. */
export function metaCspOf(html: string): string | null {
  const headEnd = html.search(/<\/head\s*>|<body[\s>]/i);
  const head = html.slice(0, headEnd >= 0 ? Math.min(headEnd, HEAD_SCAN_CHARS) : HEAD_SCAN_CHARS);
  for (const [tag] of head.matchAll(/<meta\b[^>]*>/gi)) {
    const attributes = attributesOf(tag);
    const content = attributes.get('content');
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy' && content?.trim()) return content.trim();
  }
  return null;
}

/** The header to send with a pack's HTML. */
export function packCspHeader(html: string): string {
  const meta = metaCspOf(html);
  if (meta === null) return STRICTEST_CSP;
  // A header value is one line: a policy with a line break in it (none should have one) is flattened.
  const policy = meta.replace(/[\r\n]+/g, ' ').replace(/[;\s]+$/, '');
  return /(^|;)\s*frame-ancestors\b/i.test(policy) ? policy : `${policy}; ${FRAME_ANCESTORS}`;
}
