/**
 * The numeric-host rewrites of SA's `uri_list_canonicalize`: dotted quads written with hex
 * (`0x7f`) or octal (`0177`) parts, a single hex number (`0x7f000001`) and a single decimal
 * number (`2130706433`) all get a dotted-decimal variant, as browsers would resolve them.
 */

const UV_MAX = (1n << 64n) - 1n;

/**
 * `Util::decode_ulong_to_ip`: `sprintf "%08lx"` of the number (saturating at 2**64-1, as Perl's
 * numification does), then the first four bytes of that hex text.
 */
export function decodeUlongToIp(decimal: string): string {
  let n = BigInt(decimal);
  if (n > UV_MAX) n = UV_MAX;
  const hex = n.toString(16).padStart(8, '0').slice(0, 8);
  const bytes: number[] = [];
  for (let i = 0; i < 8; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes.join('.');
}

/** Perl `sprintf "%d", hex($digits)`: a 64-bit value printed signed (overflow saturates to -1). */
function hexToPerlDecimal(digits: string): string {
  let n = BigInt('0x' + digits);
  if (n > UV_MAX) n = UV_MAX;
  return BigInt.asIntN(64, n).toString();
}

/** One `NNN.` part of a dotted host, rewritten as SA's three substitutions do in turn. */
function rewriteOctet(part: string): string {
  let p = part.replace(/^0x([0-9a-f]+)/i, (_m, hex: string) => hexToPerlDecimal(hex));
  // `\b` after the digits: the part ends there or continues with the dot.
  p = p.replace(/^0+([1-3][0-7]{0,2}|[4-7][0-7]?)\b/, (_m, oct: string) => String(parseInt(oct, 8)));
  return p.replace(/^0+/, '');
}

const DOTTED = /^((?:0x[0-9a-f]+|[0-9]+)\.)((?:0x[0-9a-f]+|[0-9]+)\.)((?:0x[0-9a-f]+|[0-9]+)\.)(0x[0-9a-f]+|[0-9]+)$/i;

/**
 * The dotted-decimal form SA adds for a numeric host, or undefined when the host is not one
 * of the numeric shapes (then SA tries its `http://foo` -> `www.foo.com` rule instead).
 */
export function numericHostVariant(host: string): string | undefined {
  const dotted = DOTTED.exec(host);
  if (dotted) return [dotted[1]!, dotted[2]!, dotted[3]!, dotted[4]!].map(rewriteOctet).join('');
  if (/^0x[0-9a-f]+$/i.test(host)) {
    // Only the last 8 hex digits count.
    const last = /^0x[0-9a-f]*?([0-9a-f]{1,8})$/i.exec(host)!;
    return decodeUlongToIp(String(parseInt(last[1]!, 16)));
  }
  if (/^[0-9]+$/.test(host)) return decodeUlongToIp(host);
  return undefined;
}
