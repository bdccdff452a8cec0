/**
 * What `Net::LibIDN2::idn2_to_ascii_8($s, IDN2_NFC_INPUT + IDN2_NONTRANSITIONAL)` answers
 * (libidn2 2.3 `idn2_lookup_u8`), the converter SA 4.0.1's `Util::idn_to_ascii` uses.
 *
 * WHY not `url.domainToASCII`: WHATWG processing accepts symbols (`♥.com`), hyphen-edge labels
 * and mixed-direction labels that libidn2 refuses, and refuses ASCII punctuation libidn2 lets
 * through; each refusal changes SA's URI list (the host is then kept unconverted). The steps
 * below follow libidn2's `_tr46` then per-label `label()` in order.
 */
import {
  bidiClass,
  idna2008Property,
  isMark,
  isVirama,
  joiningType,
  uts46Status,
  type BidiClass,
} from './idna-props.js';
import { punycodeDecode, punycodeEncode } from './punycode.js';

const LABEL_MAX = 63;
const DOMAIN_MAX = 255;

function chars(s: string): string[] {
  return Array.from(s);
}

function isAscii(s: string): boolean {
  return !/[^\x00-\x7f]/.test(s);
}

/** `_tr46` step 1: map every code point; undefined when one is disallowed. */
function mapTr46(input: string): string | undefined {
  let out = '';
  let count = 0;
  for (const ch of input) {
    const st = uts46Status(ch);
    switch (st.kind) {
      case 'disallowed':
        return undefined;
      case 'ignored':
        continue;
      case 'mapped':
      case 'std3mapped':
        out += st.to;
        count += chars(st.to).length;
        break;
      default:
        out += ch;
        count++;
    }
  }
  // libidn2 gives up before punycoding anything this long (TOO_BIG_DOMAIN).
  if (count >= DOMAIN_MAX) return undefined;
  return out.normalize('NFC');
}

/** The UTS #46 validity checks libidn2 runs on every label after mapping (non-transitional). */
function tr46LabelOk(label: string[]): boolean {
  const text = label.join('');
  if (text !== text.normalize('NFC')) return false;
  if (label.length >= 4 && label[2] === '-' && label[3] === '-') return false;
  if (label.length > 0 && (label[0] === '-' || label[label.length - 1] === '-')) return false;
  if (isMark(label[0])) return false;
  for (const ch of label) {
    if (ch === '.') return false;
    const kind = uts46Status(ch).kind;
    if (kind !== 'valid' && kind !== 'deviation' && kind !== 'std3valid' && kind !== 'std3mapped') return false;
  }
  return true;
}

/** RFC 5892 A.1/A.2 for ZWNJ and ZWJ at index i. */
function contextJOk(label: string[], i: number): boolean {
  if (isVirama(label[i - 1])) return true;
  if (label[i] !== '\u200c') return false;
  let before = i - 1;
  while (before >= 0 && joiningType(label[before]!) === 'T') before--;
  let after = i + 1;
  while (after < label.length && joiningType(label[after]!) === 'T') after++;
  return before >= 0 && after < label.length && joiningType(label[before]!) === 'D' && joiningType(label[after]!) === 'D';
}

/** RFC 5893 as libidn2's `_idn2_bidi` applies it: only to labels holding R, AL or AN. */
function bidiOk(label: string[]): boolean {
  const classes: BidiClass[] = label.map(bidiClass);
  if (!classes.some((c) => c === 'R' || c === 'AL' || c === 'AN')) return true;
  const first = classes[0];
  const rtl = first === 'R' || first === 'AL';
  if (first !== 'L' && !rtl) return false;
  const strong = rtl ? ['R', 'AL', 'EN', 'AN', 'NSM'] : ['L', 'EN', 'NSM'];
  let endOk = true;
  for (let i = 1; i < classes.length; i++) {
    const c = classes[i]!;
    if (strong.includes(c)) endOk = true;
    else if (c === 'ES' || c === 'CS' || c === 'ET' || c === 'ON' || c === 'BN') endOk = false;
    else return false;
  }
  return endOk;
}

/** libidn2 `_idn2_label_test` with the flags `label()` passes for U-labels. */
function idna2008LabelOk(label: string[]): boolean {
  if (!tr46LabelOkForULabel(label)) return false;
  for (let i = 0; i < label.length; i++) {
    const ch = label[i]!;
    const prop = idna2008Property(ch);
    if (prop === 'DISALLOWED') {
      // Exempt: the underscore, and non-ASCII STD3 characters (U+2260 etc.); ASCII punctuation
      // inside a U-label is refused even when mapping produced it.
      if (ch !== '_' && (ch.charCodeAt(0) < 0x80 || uts46Status(ch).kind !== 'std3valid')) return false;
    } else if (prop === 'UNASSIGNED') {
      return false;
    } else if (prop === 'CONTEXTJ' && !contextJOk(label, i)) {
      return false;
    }
  }
  if (!bidiOk(label)) return false;
  for (const ch of label) {
    if (ch === '.') return false;
    const kind = uts46Status(ch).kind;
    if (kind !== 'valid' && kind !== 'deviation' && kind !== 'std3valid' && kind !== 'std3mapped') return false;
  }
  return true;
}

/** TEST_NFC, TEST_2HYPHEN and TEST_LEADING_COMBINING (no hyphen start/end test in `label()`). */
function tr46LabelOkForULabel(label: string[]): boolean {
  const text = label.join('');
  if (text !== text.normalize('NFC')) return false;
  if (label.length >= 4 && label[2] === '-' && label[3] === '-') return false;
  return !isMark(label[0]);
}

/** libidn2 `label()`: one label to its A-label form; undefined on any refusal. */
function toALabel(label: string): string | undefined {
  let u: string[];
  let roundtrip: string | undefined;
  if (isAscii(label)) {
    if (!label.startsWith('xn--')) return label.length > LABEL_MAX ? undefined : label;
    const decoded = punycodeDecode(label.slice(4));
    if (!decoded) return undefined;
    u = decoded.map((cp) => String.fromCodePoint(cp));
    roundtrip = label;
  } else {
    u = chars(label.normalize('NFC'));
  }
  if (!idna2008LabelOk(u)) return undefined;
  const encoded = punycodeEncode(u.map((c) => c.codePointAt(0)!));
  if (encoded === undefined || encoded.length > LABEL_MAX - 4) return undefined;
  const out = 'xn--' + encoded;
  if (roundtrip !== undefined && out.toLowerCase() !== roundtrip.toLowerCase()) return undefined;
  return out;
}

/**
 * The libidn2 lookup conversion of a domain given as code points. Returns the ASCII form, or
 * undefined where libidn2 returns an error. Like the C library, the input ends at the first NUL.
 */
export function idn2LookupToAscii(domain: string): string | undefined {
  const nul = domain.indexOf('\0');
  const src = nul >= 0 ? domain.slice(0, nul) : domain;
  const mapped = mapTr46(src);
  if (mapped === undefined) return undefined;
  const labels = mapped.split('.');
  for (const label of labels) {
    if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      if (!decoded || !tr46LabelOk(decoded.map((cp) => String.fromCodePoint(cp)))) return undefined;
    } else if (!tr46LabelOk(chars(label))) {
      return undefined;
    }
  }
  let out = '';
  for (let i = 0; i < labels.length; i++) {
    const a = toALabel(labels[i]!);
    if (a === undefined) return undefined;
    const last = i === labels.length - 1;
    if (out.length + a.length > DOMAIN_MAX - (a.length === 0 && last ? 1 : 2)) return undefined;
    out += a;
    if (!last) {
      if (out.length + 1 > DOMAIN_MAX) return undefined;
      out += '.';
    }
  }
  return out;
}
