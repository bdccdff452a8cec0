/**
 * A minimal reader of gzip-compressed tar archives (ustar, with the GNU long-name and pax path
 * extensions), enough for rule update tarballs: sa-update reads them with Archive::Tar, and
 * they hold a few dozen flat text files.
 *
 * Why our own instead of a tar package: spamscore needs only to list regular files and read
 * their bytes, in memory, from an archive that is checked (checksum, signature) before it is
 * read; the `tar` package on npm is a full extractor that writes to disk, and only present here
 * as a build-time dependency of `re2`. Reading the format takes a hundred lines with `zlib`.
 *
 * Bounded: the decompressed archive may hold at most {@link TAR_LIMITS} bytes and entries, so a
 * gzip bomb is refused instead of exhausting memory. Anything malformed throws a {@link TarError}.
 */
import { gunzipSync } from 'node:zlib';

/** One regular file of an archive. */
export interface TarEntry {
  /** The path as stored in the archive (`./` prefixes kept). */
  name: string;
  data: Buffer;
}

/** Limits of {@link readTarGz}: generous next to a real rule update (~2 MB, ~70 files). */
export const TAR_LIMITS = { bytes: 128 * 1024 * 1024, entries: 10_000 } as const;

/** An archive that cannot be read. */
export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const BLOCK = 512;

/** A NUL-terminated header field as text (Latin-1, one character per byte). */
function field(h: Buffer, start: number, length: number): string {
  const slice = h.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return (nul < 0 ? slice : slice.subarray(0, nul)).toString('latin1');
}

/** A numeric header field: octal text, or base-256 when the first byte has its top bit set (GNU). */
function numeric(h: Buffer, start: number, length: number): number {
  if (h[start]! & 0x80) {
    let n = h[start]! & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + h[start + i]!;
    return n;
  }
  const text = field(h, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`bad numeric field ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

/** The header checksum: the sum of its bytes with the checksum field read as spaces. */
function checksumOk(h: Buffer): boolean {
  const stored = numeric(h, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b; // some old tars summed signed bytes
  }
  return stored === unsigned || stored === signed;
}

/** The `path` record of a pax extended header, if any (`"<len> path=<value>\n"` records). */
function paxPath(data: Buffer): string | undefined {
  let pos = 0;
  let found: string | undefined;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) throw new TarError('bad pax header');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0 && record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    pos += len;
  }
  return found;
}

/**
 * Reads a `.tar.gz` (or plain `.tar`) held in memory and returns its regular files in archive
 * order. Directories and archive metadata are skipped; links, devices and FIFOs are refused
 * (a rule update has no use for them, and a link could point outside the channel directory).
 */
export function readTarGz(archive: Buffer, limits: { bytes: number; entries: number } = TAR_LIMITS): TarEntry[] {
  let tar: Buffer;
  if (archive[0] === 0x1f && archive[1] === 0x8b) {
    try {
      tar = gunzipSync(archive, { maxOutputLength: limits.bytes });
    } catch (e) {
      throw new TarError(`not a readable gzip stream (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    tar = archive;
  }
  if (tar.length < BLOCK) throw new TarError(`not a tar archive (${tar.length} bytes)`);
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let pos = 0;
  while (pos + BLOCK <= tar.length) {
    const h = tar.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumOk(h)) throw new TarError(`bad header checksum at byte ${pos}`);
    const size = numeric(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new TarError('archive is truncated');
    const data = tar.subarray(dataStart, dataEnd);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    const magic = field(h, 257, 6);
    // POSIX ustar ("ustar\0") splits long paths into prefix + name; old GNU ("ustar  ") does not.
    const prefix = magic === 'ustar' ? field(h, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    switch (type) {
      case 'L': // GNU: the next entry's long name
        longName = field(data, 0, data.length);
        continue;
      case 'x': // pax: attributes of the next entry
        longName = paxPath(data);
        continue;
      case 'g': // pax global attributes
      case '5': // directory
        continue;
      case '0':
      case '\0':
      case '7': // contiguous file: a regular file
        break;
      default:
        throw new TarError(`${JSON.stringify(name)}: not a regular file (tar type ${JSON.stringify(type)})`);
    }
    if (name.endsWith('/')) continue; // an old-style directory entry
    if (entries.length >= limits.entries) throw new TarError(`more than ${limits.entries} files`);
    entries.push({ name, data: Buffer.from(data) });
  }
  return entries;
}
