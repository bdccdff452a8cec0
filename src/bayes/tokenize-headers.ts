/**
 * `_tokenize_headers` (Plugin/Bayes.pm BP:1386-1496) and its pre-chew helpers (BP:1498-1610):
 * the header lines of a message (plus its metadata lines) into `prefix → value` pairs, each
 * later tokenized with `_tokenize_line($value, "H$prefix:", 0)`.
 */
import { parseHeaderAddresses } from '../message/header-addresses.js';
import { lcBytes, tokenizeMailAddrs } from './tokenize-line.js';

/** IGNORED_HDRS (BP:106-170), anchored as `/^(?:...):/i`. */
const IGNORED_HDRS = new RegExp(
  '^(?:(?:X-)?Sender|Delivered-To|Delivery-Date|(?:X-)?Envelope-To|X-MIME-Auto[Cc]onverted|X-Converted-To-Plain-Text' +
    '|Subject|Date|X-List|(?:X-)?Mailing-List' +
    '|(?:X-)?List-(?:Archive|Help|Id|Owner|Post|Subscribe|Unsubscribe|Host|Id|Manager|Admin|Comment|Name|Url)' +
    '|X-Unsub(?:scribe)?|X-Mailman-Version|X-Been[Tt]here|X-Loop|Mail-Followup-To|X-eGroups-(?:Return|From)' +
    '|X-MDMailing-List|X-XEmacs-List|X-Sympa-To|(?:X-)?Resent-(?:From|To|Date)|(?:X-)?Original-(?:From|To|Date)' +
    '|X-MailScanner(?:-SpamCheck)?|X-Spam(?:-(?:Status|Level|Flag|Report|Hits|Score|Checker-Version))?' +
    '|X-Antispam|X-RBL-Warning|X-Mailscanner|X-MDaemon-Deliver-To|X-Virus-Scanned|X-Mass-Check-Id' +
    '|X-Pyzor|X-DCC-[^\\t\\n\\x0b\\f\\r ]{2,25}-Metrics|X-Filtered-B[Yy]|X-Scanned-By|X-Scanner' +
    '|X-AP-Spam-(?:Score|Status)|X-RIPE-Spam-Status|X-SpamCop-[^:]+|X-SMTPD|(?:X-)?Spam-Apparently-To' +
    '|SPAM|X-Perlmx-Spam|X-Bogosity|Content-Class|Thread-(?:Index|Topic)|X-Original[Aa]rrival[Tt]ime' +
    '|(?:X-)?Status|X-Flags|X-Keywords|Replied|Forwarded|Lines|Content-Length|X-UIDL?|X-IMAPbase' +
    '|X-Bugzilla-[^:]+' +
    '|X-VM-(?:Bookmark|(?:POP|IMAP)-Retrieved|Labels|Last-Modified|Summary-Format|VHeader|v\\d-Data|Message-Order)' +
    '|X-Gnus-Mail-Source|Xref):',
  'i',
);

/** MARK_PRESENCE_ONLY_HDRS (BP:174-180), anchored as `/^(?:...)$/i`. */
const PRESENCE_ONLY = /^(?:X-Face|X-(?:Gnu-?PG|PGP|GPG)(?:-Key)?-Fingerprint|D(?:KIM|omainKey)-Signature|X-Google-DKIM-Signature|ARC-(?:Message-Signature|Seal)|Autocrypt)\n?$/i;

/** HEADER_NAME_COMPRESSION (BP:217-237): case-sensitive. */
const COMPRESSION: ReadonlyMap<string, string> = new Map([
  ['Message-Id', '*m'],
  ['Message-ID', '*M'],
  ['Received', '*r'],
  ['User-Agent', '*u'],
  ['References', '*f'],
  ['In-Reply-To', '*i'],
  ['From', '*F'],
  ['Reply-To', '*R'],
  ['Return-Path', '*p'],
  ['Return-path', '*rp'],
  ['X-Mailer', '*x'],
  ['X-Authentication-Warning', '*a'],
  ['Organization', '*o'],
  ['Organisation', '*o'],
  ['Content-Type', '*ct'],
  ['Content-Disposition', '*cd'],
  ['Content-Transfer-Encoding', '*ce'],
  ['x-spam-relays-trusted', '*RT'],
  ['x-spam-relays-untrusted', '*RU'],
]);

const S = '[\\t\\n\\x0b\\f\\r ]';
const RECEIVED_CHEWS: ReadonlyArray<[RegExp, string | ((...m: string[]) => string)]> = [
  [new RegExp(`${S}with${S}SMTP${S}id${S}g[0-9A-Z]{10,12}${S}`, 'g'), ' '],
  [new RegExp(`${S}with${S}ESMTP${S}id${S}[0-9A-F]{10,12}${S}`, 'g'), ' '],
  [new RegExp(`\\bid${S}[a-zA-Z0-9]{7,20}\\b`, 'g'), ' '],
  [new RegExp(`\\bid${S}[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]`, 'g'), ' '],
  [
    new RegExp(
      `(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),${S})?[0-3\\t\\n\\x0b\\f\\r ]?[0-9]${S}(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)${S}` +
        `(?:19|20)?[0-9]{2}${S}[0-2][0-9](?::[0-5][0-9]){1,2}${S}(?:${S}*\\(|\\)|${S}*(?:[+-][0-9]{4})|${S}*(?:UT|[A-Z]{2,3}T))*`,
      'g',
    ),
    '',
  ],
  // The "keep 10.x and 192.168.x whole" branch compares "$2 eq '10'" with a dot-terminated
  // capture: it never fires, so every address becomes "a.b.c ip*a.b.c.d ".
  [/\b(\d{1,3}\.)(\d{1,3}\.)(\d{1,3})(\.\d{1,3})\b/g, (_m, a: string, b: string, c: string, d: string) => `${a}${b}${c} ip*${a}${b}${c}${d} `],
  [/\b(?:with|from|for|SMTP|ESMTP)\b/g, ' '],
];

/** `_pre_chew_received` (BP:1542-1581). */
export function preChewReceived(val: string): string {
  for (const [re, rep] of RECEIVED_CHEWS) val = val.replace(re, rep as string);
  return val;
}

/** `_pre_chew_message_id` (BP:1517-1540). */
export function preChewMessageId(val: string): string {
  return val
    .replace(/<([0-9a-f]{4})[0-9a-f]{4}[0-9a-f]{4}\$([0-9a-f]{4})[0-9a-f]{4}\$([0-9a-f]{8})@([^\t\n\x0b\f\r ]+)>/g, ' OEA$1 OEB$2 OEC$3 $4 ')
    .replace(/<[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]@/, '')
    .replace(/<20\d\d[01]\d[0123]\d[012]\d[012345]\d[012345]\d\.[A-F0-9]{10,12}@/g, '')
    .replace(/[^_A-Za-z0-9]/g, ' ');
}

/** `_pre_chew_content_type` (BP:1498-1515). */
export function preChewContentType(val: string): string {
  let boundary: string | undefined;
  const re = /boundary=["']([^\n]*?)["']/gi;
  if (re.test(val)) {
    re.lastIndex = 0;
    val = val.replace(re, (_m, b: string) => {
      boundary = b;
      return ' ';
    });
    const b = (boundary ?? '').replace(/[a-fA-F0-9]/g, 'H').replace(/([-_.=]+)/g, ' $1 ');
    val += b;
  }
  return val.replace(/\b(?:text|charset)\b/g, ' ');
}

/** `_pre_chew_addr_header` (BP:1583-1610). */
export function preChewAddrHeader(val: string): string {
  const toks: string[] = [];
  for (const addr of parseHeaderAddresses(val)) {
    if (addr.phrase !== undefined) {
      // Perl's split(/\s+/): a leading empty field is kept, trailing ones dropped.
      const words = addr.phrase.split(/[\t\n\x0b\f\r ]+/);
      while (words.length > 0 && words[words.length - 1] === '') words.pop();
      for (const w of words) toks.push('N*' + w);
    }
    if (addr.address !== undefined) tokenizeMailAddrs(addr.address, toks);
  }
  return toks.join(' ');
}

const append = (parsed: Map<string, string>, key: string, val: string) => {
  const prev = parsed.get(key);
  parsed.set(key, prev === undefined ? val : prev + ' ' + val);
};

/**
 * `_tokenize_headers`: the chewed header values by prefix (compressed name or alias), in
 * insertion order (SA iterates them in hash order, which matters only at the 10,000-token cap).
 * @param headerLines `get_all_headers()`: decoded, unfolded `"Name: value\n"` lines in order
 * @param metadataLines `get_all_metadata()`: `"key: value\n"` lines, keys lower-case, sorted
 * @param ignore `bayes_ignore_header` names, lower-cased
 */
export function tokenizeHeaders(headerLines: readonly string[], metadataLines: readonly string[], ignore: ReadonlySet<string>): Map<string, string> {
  const hdrs: string[] = [];
  const rcvd: string[] = [];
  for (const line of headerLines) {
    if (/^Received:/i.test(line)) {
      rcvd.push(line);
      continue;
    }
    if (IGNORED_HDRS.test(line)) continue;
    hdrs.push(line);
  }
  hdrs.push(...metadataLines);
  if (rcvd.length >= 1) hdrs.push(rcvd[rcvd.length - 1]!);
  if (rcvd.length >= 2) hdrs.push(rcvd[rcvd.length - 2]!);

  const parsed = new Map<string, string>();
  for (const line of hdrs) {
    if (!/[^\t\n\x0b\f\r ]/.test(line)) continue;
    const colon = line.indexOf(':');
    let hdr = colon < 0 ? line : line.slice(0, colon);
    let val = colon < 0 ? '' : line.slice(colon + 1);
    if (ignore.has(lcBytes(hdr))) continue;
    if (val === '0') val = ''; // `$val ||= ''`
    if (val.endsWith('\n')) val = val.slice(0, -1); // chomp
    if (/^(?:|X-|Resent-)Message-Id$/i.test(hdr)) val = preChewMessageId(val);
    else if (/^(?:|X-|Resent-)(?:Return-Path|From|To|Cc|Reply-To|Errors-To|Mail-Followup-To|Sender)$/i.test(hdr)) val = preChewAddrHeader(val);
    else if (hdr === 'Received') val = preChewReceived(val);
    else if (hdr === 'Content-Type') val = preChewContentType(val);
    else if (hdr === 'MIME-Version') val = val.replace('1.0', '');
    else if (PRESENCE_ONLY.test(hdr)) val = '1';
    else if (/^x-spam-relays-(?:external|internal|trusted|untrusted)$/.test(hdr)) val = val.replace(/ [a-z]+=/g, ' ');

    if (/^(?:In-Reply-To|References|Message-ID)$/i.test(hdr)) append(parsed, '*MI', val);
    if (/^(?:From|To|Cc)$/i.test(hdr)) append(parsed, '*Ad', val);
    if (/^(?:X-Mailer|User-Agent)$/i.test(hdr)) append(parsed, '*UA', val);
    hdr = COMPRESSION.get(hdr) ?? hdr;
    append(parsed, hdr, val);
  }
  return parsed;
}
