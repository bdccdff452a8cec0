/**
 * Byte-string helpers shared by the MIME, HTML and body-view code.
 *
 * SpamAssassin works on Perl strings that are either octet strings or "character" strings
 * (the utf8 flag). We hold octet strings as **binary JS strings** (one char per byte, every
 * char <= 0xFF) and character strings as ordinary JS strings plus an explicit `utf8` flag
 * where the flag changes Perl's behaviour (Unicode `\s`, `utf8::encode`).
 */

/**
 * Splits text the way Perl's `split(/^/m, $text, -1)` does: every piece ends in "\n" except
 * possibly the last; an empty text gives no pieces.
 */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Whether a string holds any char above 0x7F (Perl's `tr/\x00-\x7F//c` is non-zero). */
export function hasHighChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** A binary string as a Buffer (each char's low byte). */
export function binaryToBuffer(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** A Buffer as a binary string (one char per byte). */
export function bufferToBinary(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Perl's strict `UTF-8` decoding (`Encode::find_encoding('UTF-8')->decode($s, FB_CROAK)`):
 * rejects malformed and overlong sequences, surrogates, code points above U+10FFFF and also
 * the Unicode non-characters (U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF), which Perl's strict
 * encoding refuses but WHATWG decoders accept. Returns undefined on failure.
 */
export function utf8DecodeStrict(bin: string): string | undefined {
  let text: string;
  try {
    text = fatalUtf8.decode(binaryToBuffer(bin));
  } catch {
    return undefined;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xfdd0 && c <= 0xfdef) return undefined;
    if (c === 0xfffe || c === 0xffff) return undefined;
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = text.codePointAt(i)!;
      if ((cp & 0xfffe) === 0xfffe) return undefined;
      i++;
    }
  }
  return text;
}

/** Whether a string holds any UTF-16 surrogate (so JS indices differ from code-point indices). */
export function hasSurrogates(s: string): boolean {
  return /[\ud800-\udfff]/.test(s);
}

/**
 * Removes trailing characters found in `set` (like `s/[set]+$//`), in linear time: a regex
 * such as `/\s+$/` backtracks quadratically over long inner runs of the class.
 */
export function trimEndOf(s: string, set: string): string {
  let end = s.length;
  while (end > 0 && set.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Removes leading characters found in `set` (like `s/^[set]+//`). */
export function trimStartOf(s: string, set: string): string {
  let start = 0;
  while (start < s.length && set.includes(s[start]!)) start++;
  return start === 0 ? s : s.slice(start);
}
