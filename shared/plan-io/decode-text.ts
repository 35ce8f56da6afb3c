/**
 * Bytes of a text file to a string. Excel's "CSV UTF-8" starts with a byte-order mark; its plain
 * "CSV" is Windows-1252 (a "£" or a curly apostrophe is then not valid UTF-8); "Unicode Text" is
 * UTF-16. Councils use all three, so each is recognised rather than showing "Â£" in a plan.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    // ignoreBOM: false (the default) drops a UTF-8 byte-order mark.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
