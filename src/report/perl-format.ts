/**
 * Number formatting as Perl's `sprintf` does it (C `printf`: the exact binary value is rounded,
 * exact ties go to the even digit), and Perl's default number-to-string conversion (`%.15g`).
 * SpamAssassin's scores and headers depend on both: `sprintf("%0.3f", $score)`, `%2.1f`.
 */

/** Rounds the exact decimal expansion of `x` to `digits` places, ties to even, like C printf. */
export function sprintfFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf';
  // Perl prints the sign of a negative value even when it rounds to zero (-0.000).
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  // JS's toFixed rounds the exact binary value too, and differs from C only on an exact tie,
  // which it rounds up. Below 2^52 an exact tie k + 0.5 is a double, so the product shows it
  // exactly: values near one take the exact path, as do larger ones. The fast path is most
  // calls: every score the headers and the report print.
  const scaled = a * 10 ** digits;
  if (scaled < 2 ** 52 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return sign + a.toFixed(digits);
  return sign + exactFixed(a, digits);
}

/** {@link sprintfFixed} of a non-negative finite value from its exact decimal expansion. */
function exactFixed(a: number, digits: number): string {
  // toFixed(100) is exact for every double of the size scores have (it prints the binary value).
  const exact = a.toFixed(Math.min(100, digits + 80));
  const [intPart, frac = ''] = exact.split('.');
  const keep = frac.slice(0, digits);
  const rest = frac.slice(digits);
  let digitsStr = (intPart ?? '0') + keep;
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1).replace(/0+$/, '');
  const last = digitsStr.charCodeAt(digitsStr.length - 1) - 48;
  const roundUp = first > 5 || (first === 5 && (tail !== '' || last % 2 === 1));
  if (roundUp) digitsStr = incrementDecimal(digitsStr);
  const whole = digitsStr.slice(0, digitsStr.length - digits) || '0';
  const fraction = digitsStr.slice(digitsStr.length - digits);
  return digits > 0 ? `${whole}.${fraction}` : whole;
}

function incrementDecimal(s: string): string {
  const d = s.split('');
  let i = d.length - 1;
  while (i >= 0) {
    if (d[i] === '9') {
      d[i] = '0';
      i--;
    } else {
      d[i] = String.fromCharCode(d[i]!.charCodeAt(0) + 1);
      return d.join('');
    }
  }
  return '1' + d.join('');
}

/** Perl's `sprintf("%W.Pf")`: fixed with P places, left-padded with spaces to width W. */
export function sprintfWidth(x: number, width: number, digits: number): string {
  return sprintfFixed(x, digits).padStart(width, ' ');
}

/** How Perl prints a number in string context (`%.15g`, trailing zeros removed). */
export function perlNumberString(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf';
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  // %g uses the exponent form when the exponent is below -4 or at least the precision.
  let s = exponent < -4 || exponent >= 15 ? x.toExponential(14) : x.toPrecision(15);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const exp = Number(e);
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}
