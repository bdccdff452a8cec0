/**
 * ImageInfo's `%get_details`: the pixel size SA reads from the first bytes of GIF, PNG and
 * JPEG attachments (base64 only), walking the data exactly as the plugin does.
 */

/** A decoded image's height and width, when SA finds both non-zero. */
export interface Dimensions {
  height: number;
  width: number;
}

const byte = (d: string, i: number): number | undefined => (i < d.length ? d.charCodeAt(i) : undefined);
const u16be = (d: string, i: number): number | undefined => (i + 1 < d.length ? (d.charCodeAt(i) << 8) | d.charCodeAt(i + 1) : undefined);
const u16le = (d: string, i: number): number | undefined => (i + 1 < d.length ? d.charCodeAt(i) | (d.charCodeAt(i + 1) << 8) : undefined);
const u32be = (d: string, i: number): number | undefined =>
  i + 3 < d.length ? ((d.charCodeAt(i) << 24) >>> 0) + (d.charCodeAt(i + 1) << 16) + (d.charCodeAt(i + 2) << 8) + d.charCodeAt(i + 3) : undefined;

const found = (height: number | undefined, width: number | undefined): Dimensions | undefined =>
  height && width ? { height, width } : undefined;

/** GIF: "GIF87a"/"GIF89a", then little-endian width and height (`decode(13)`: 13 bytes). */
export function gifDimensions(head13: string): Dimensions | undefined {
  if (!/^GIF8[79]a/.test(head13)) return undefined;
  const h = head13.slice(6);
  return found(u16le(h, 2), u16le(h, 0));
}

/**
 * PNG: the signature, then 8-byte steps reading (length, type) until IHDR of length 13
 * (whose first two words are width and height) or IEND. SA steps over chunk headers only,
 * not chunk data, so an IHDR that is not first is found only by luck; we step alike.
 */
export function pngDimensions(data: string): Dimensions | undefined {
  if (data.slice(0, 8) !== '\x89PNG\r\n\x1a\n') return undefined;
  let pos = 8;
  let width = 0;
  let height = 0;
  while (pos < data.length) {
    const len = u32be(data, pos);
    const type = data.slice(pos + 4, pos + 8);
    pos += 8;
    if (type === 'IEND') break;
    if (!(type === 'IHDR' && len === 13)) continue;
    const bytes = data.slice(pos, pos + 17);
    const body = bytes.length >= 4 ? bytes.slice(0, -4) : '';
    width = u32be(body, 0) ?? 0;
    height = u32be(body, 4) ?? 0;
    break;
  }
  return found(height, width);
}

/**
 * JPEG: the SOI marker, then marker segments (`FF xx len`) until a start-of-frame marker
 * (C0-C3, C5-C7, C9-CB, CD-CF), whose bytes give height and width; SOS/EOI or a bad
 * segment ends the walk.
 */
export function jpegDimensions(data: string): Dimensions | undefined {
  if (data.slice(0, 2) !== '\xff\xd8') return undefined;
  let pos = 2;
  let height = 0;
  let width = 0;
  for (;;) {
    const xx = byte(data, pos);
    const mark = byte(data, pos + 1);
    const len = u16be(data, pos + 2);
    if (xx === undefined || xx !== 0xff) break;
    if (mark === undefined || mark === 0xda || mark === 0xd9) break;
    if (len === undefined || len < 2) break;
    pos += 4;
    const block = data.slice(pos, pos + len - 2);
    if (
      (mark >= 0xc0 && mark <= 0xc3) ||
      (mark >= 0xc5 && mark <= 0xc7) ||
      (mark >= 0xc9 && mark <= 0xcb) ||
      (mark >= 0xcd && mark <= 0xcf)
    ) {
      const head = block.slice(0, 6);
      height = u16be(head, 1) ?? 0;
      width = u16be(head, 3) ?? 0;
      break;
    }
    pos += block.length;
  }
  return found(height, width);
}
