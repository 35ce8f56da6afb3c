/**
 * What a zip's central directory says its entries unpack to, summed, read without unpacking
 * anything. A 10 MB workbook can hold gigabytes of repeated XML (a "zip bomb"); exceljs (through
 * JSZip) would inflate it all in the page before anything could object. Returns null when there is
 * no directory to read (exceljs then says the workbook is damaged), and Infinity for ZIP64 entries,
 * whose sizes do not fit the classic fields: no plan needs one.
 *
 * Declared sizes can lie; JSZip refuses an entry whose inflated length differs from its declared
 * size, but only once inflated. This check stops the honest bomb, and bounds the work a liar gets.
 */
export function declaredUnzippedBytes(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const END_RECORD = 0x06054b50;
  const ENTRY = 0x02014b50;
  // The end record is the last 22 bytes, unless an archive comment (at most 65,535 bytes) follows it.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_RECORD) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (entries === 0xffff || directoryOffset === 0xffffffff) return Number.POSITIVE_INFINITY;
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== ENTRY) return null;
    const unpacked = view.getUint32(at + 24, true);
    if (unpacked === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += unpacked;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}
