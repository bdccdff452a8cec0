/**
 * `PerMsgStatus::mime_encode_header`: a header line holding bytes outside printable ASCII is
 * RFC 2047-encoded as UTF-8, keeping its plain-ASCII head and tail words as they are and
 * choosing Q or B encoding, whichever is shorter.
 */

/** Encodes each line of a header value that needs it (input: UTF-8 octets as a binary string). */
export function mimeEncodeHeader(text: string): string {
  let result = '';
  for (const raw of text.split(/(?<=\n)/)) {
    let line = raw;
    if (/^[\x09\x20-\x7E]*\r?\n$/.test(line) || /^[\x09\x20-\x7E]*$/.test(line)) {
      result += line;
      continue;
    }
    let prefix = '';
    let suffix = '';
    const tail = /((?:^|[ \t])[\x09\x20-\x7E]*(?:\r?\n)?)$/.exec(line);
    if (tail) {
      suffix = tail[1]!;
      line = line.slice(0, line.length - suffix.length);
    } else {
      const nl = /(\r?\n)$/.exec(line);
      if (nl) {
        suffix = nl[1]!;
        line = line.slice(0, line.length - suffix.length);
      }
    }
    const head = /^([\x09\x20-\x7E]*(?:[ \t]|$))/.exec(line);
    if (head) {
      prefix = head[1]!;
      line = line.slice(prefix.length);
    }
    if (line === '') {
      result += prefix + suffix;
      continue;
    }
    const qpCount = (line.match(/[=?_\x00-\x1F\x7F-\xFF]/g) ?? []).length;
    // Perl: length + 2*count <= 4 * int(length + 2) / 3 (the int applies before the division).
    if (line.length + qpCount * 2 <= (4 * Math.trunc(line.length + 2)) / 3) {
      const q = line.replace(/[=?_\x00-\x20\x7F-\xFF]/g, (c) =>
        c === ' ' ? '_' : '=' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
      );
      result += prefix + '=?UTF-8?Q?' + q;
    } else {
      result += prefix + '=?UTF-8?B?' + Buffer.from(line, 'latin1').toString('base64');
    }
    result += '?=' + suffix;
  }
  return result;
}
