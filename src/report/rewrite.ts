/**
 * The message rewritten with a scan's result, byte for byte as SpamAssassin's
 * `PerMsgStatus::rewrite_mail` writes it (what `spamassassin` without `-t`, and spamd's
 * PROCESS and HEADERS commands, send back):
 *
 * - a spam with `report_safe 1|2` (`rewrite_report_safe`): a new multipart/mixed message whose
 *   first part is the report and whose second part is the original message, untouched
 *   (`message/rfc822`, or `text/plain` with `report_safe 2`);
 * - otherwise (`rewrite_no_report_safe`): the original headers without their `X-Spam-*` fields
 *   (`X-Spam-Prev-*` kept), the `rewrite_header` tags applied, the X-Spam headers added
 *   (after a leading Return-Path), then the original body, untouched.
 *
 * Texts are byte strings (one char per byte), as everywhere in report/.
 */
import { hostname } from 'node:os';
import type { RawMessage } from '../message/raw-message.js';
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import { replaceTags, SA_VERSION, type TagSource } from './tags.js';
import { quotemeta } from '../perl/strings.js';

/** What the rewrite needs from the rule set (Conf.pm's settings, replayed). */
export interface RewriteSettings {
  /** `report_safe`: 0, 1 or 2. */
  reportSafe: number;
  /** `rewrite_header` templates by header (`Subject`, `From`, `To`). */
  rewriteHeader: Readonly<Partial<Record<'Subject' | 'From' | 'To', string>>>;
  /** `report_charset` (default UTF-8). */
  reportCharset: string;
  /** `unsafe_report` template text. */
  unsafeReportTemplate: string;
  /** `report_safe_copy_headers`, in configuration order. */
  reportSafeCopyHeaders: readonly string[];
  /** `subjprefix` texts by rule name. */
  subjprefix: ReadonlyMap<string, string>;
}

/** Conf.pm's fixed `encapsulated_content_description` (no directive sets it). */
export const ENCAPSULATED_CONTENT_DESCRIPTION = 'original message before SpamAssassin';

/** Reads the rewrite settings of a configuration (compiled once per rule set, see report-config.ts). */
export function rewriteSettings(
  directives: readonly Pick<DirectiveOccurrence, 'name' | 'value'>[],
  settings: ReadonlyMap<string, SettingValue>,
): RewriteSettings {
  const rewriteHeader: Partial<Record<'Subject' | 'From' | 'To', string>> = {};
  for (const d of directives) {
    if (d.name !== 'rewrite_header') continue;
    // Conf.pm: split(/\s+/, $value, 2); ucfirst(lc($hdr)); an empty string removes the rewrite.
    const m = /^(\S*)(?:\s+([\s\S]*))?$/.exec(d.value);
    if (!m) continue;
    const hdr = m[1]!.toLowerCase().replace(/^./, (c) => c.toUpperCase());
    if (hdr !== 'Subject' && hdr !== 'From' && hdr !== 'To') continue;
    const text = m[2];
    if (text === undefined || !/\S/.test(text)) delete rewriteHeader[hdr];
    else rewriteHeader[hdr] = hdr === 'Subject' ? text : text.replace(/\(/g, '[').replace(/\)/g, ']');
  }
  const str = (name: string, dflt: string) => {
    const v = settings.get(name);
    return typeof v === 'string' ? v : dflt;
  };
  const rs = settings.get('report_safe');
  const copy = settings.get('report_safe_copy_headers');
  const prefixes = settings.get('subjprefix');
  return {
    reportSafe: typeof rs === 'number' ? rs : 1,
    rewriteHeader,
    reportCharset: str('report_charset', '') || 'UTF-8',
    unsafeReportTemplate: str('unsafe_report_template', ''),
    reportSafeCopyHeaders: Array.isArray(copy) ? (copy as string[]) : [],
    subjprefix: prefixes instanceof Map ? (prefixes as Map<string, string>) : new Map(),
  };
}

/** Everything `rewriteMail` reads. */
export interface RewriteInput {
  message: Pick<RawMessage, 'mboxSeparator' | 'lineEnding' | 'headers' | 'pristineHeader' | 'pristineBody'>;
  settings: RewriteSettings;
  isSpam: boolean;
  /** The scan's tags (for the `rewrite_header` and `unsafe_report` templates). */
  tags: TagSource;
  /** The X-Spam headers of the result (`_get_added_headers`), `[name, value]`. */
  addedHeaders: ReadonlyArray<readonly [string, string]>;
  /** `get_report`'s text. */
  report: string;
  /** Rules that hit, in hit order (for `subjprefix`). */
  rulesHit: readonly string[];
  /** `Util::fq_hostname` (report_safe's Received header). */
  fqHostname: string;
  /** The time of the rewrite (Received date, MIME boundary). Default: now. */
  now?: Date;
  /** A random 32-bit number for the MIME boundary (default Math.random). */
  random32?: () => number;
}

/**
 * `Message::get_pristine_header`: every value of a header field as written (after the colon
 * and its blanks, folds and the line end included), from the pristine header block.
 */
export function pristineHeaderValues(pristineHeader: string, name: string): string[] {
  // Perl's ^ under /m starts only after "\n" (JS's would also start after "\r").
  const re = new RegExp(`(?:^|(?<=\\n))${quotemeta(name)}[ \\t]*:[ \\t]*([\\s\\S]*?\\n(?![ \\t]))`, 'gi');
  return [...pristineHeader.matchAll(re)].map((m) => m[1]!);
}

/** `Util::time_to_rfc822_date`: `Sun, 06 Dec 2026 23:12:44 +0000` in local time. */
export function rfc822Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const tz = `${off < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
  return `${days[d.getDay()]}, ${p2(d.getDate())} ${months[d.getMonth()]} ${String(d.getFullYear()).padStart(4, ' ')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${tz}`;
}

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** `PerMsgStatus::rewrite_mail`: the message as SpamAssassin sends it back. */
export function rewriteMail(input: RewriteInput): string {
  const head = input.message.mboxSeparator ?? '';
  return head + (input.isSpam && input.settings.reportSafe ? rewriteReportSafe(input) : rewriteNoReportSafe(input));
}

/** `_fixup_report_line_endings`: LF (or CRLF) becomes the message's line ending. */
function fixLineEndings(text: string, lineEnding: string): string {
  return lineEnding === '\n' ? text : text.replace(/\r?\n/g, lineEnding);
}

/** `_get_added_headers`. */
function addedHeaders(input: RewriteInput): string {
  return input.addedHeaders.map(([n, v]) => `${n}: ${v}\n`).join('');
}

/** The dynamic subject prefix of `got_hit`: each hit rule's `subjprefix`, once, space-terminated. */
function subjectPrefix(input: RewriteInput): string | undefined {
  if (input.settings.rewriteHeader.Subject === undefined) return undefined;
  let prefix: string | undefined;
  for (const rule of input.rulesHit) {
    const p = input.settings.subjprefix.get(rule);
    if (p === undefined) continue;
    prefix ??= '';
    if (!prefix.includes(p)) prefix += p + ' ';
  }
  return prefix;
}

/** `s/(?:\t\Q(TAG)\E)?$/\t(TAG)/` on a header value (`$`: at the end or before a final "\n"). */
function appendComment(value: string, tag: string): string {
  const comment = `\t(${tag})`;
  const end = value.endsWith('\n') ? value.length - 1 : value.length;
  for (const stop of [end, value.length]) {
    if (value.slice(0, stop).endsWith(comment)) return value.slice(0, stop - comment.length) + comment + value.slice(stop);
  }
  return value.slice(0, end) + comment + value.slice(end);
}

/** `rewrite_report_safe`: the original message wrapped as an attachment of a report. */
function rewriteReportSafe(input: RewriteInput): string {
  const { message: msg, settings, tags } = input;
  const original = msg.pristineHeader + msg.pristineBody;
  let report = input.report;
  const last = (name: string) => pristineHeaderValues(msg.pristineHeader, name).at(-1);
  const from0 = last('From');
  let to = last('To');
  const cc = last('Cc');
  let subject = last('Subject');
  const msgid = last('Message-Id');
  const date = last('Date');
  let from = from0;
  const rh = settings.rewriteHeader;
  if (rh.Subject !== undefined) {
    subject ??= '\n';
    const prefix = subjectPrefix(input);
    if (prefix !== undefined) subject = replaceTags(prefix, tags).replace(/\n/g, ' ') + subject;
    const tag = replaceTags(rh.Subject, tags).replace(/\n/g, ' ');
    subject = subject.startsWith(tag + ' ') ? tag + ' ' + subject.slice(tag.length + 1) : tag + ' ' + subject;
  }
  if (rh.To !== undefined) {
    to ??= '\n';
    to = appendComment(to, replaceTags(rh.To, tags).replace(/\n/g, ' '));
  }
  if (rh.From !== undefined) {
    from ??= '\n';
    from = appendComment(from, replaceTags(rh.From, tags).replace(/\n+/g, ''));
  }
  let newmsg = '';
  if (from !== undefined) newmsg += `From: ${from}`;
  if (to !== undefined) newmsg += `To: ${to}`;
  if (cc !== undefined) newmsg += `Cc: ${cc}`;
  if (subject !== undefined) newmsg += `Subject: ${subject}`;
  if (date !== undefined) newmsg += `Date: ${date}`;
  if (msgid !== undefined) newmsg += `Message-Id: ${msgid}`;
  newmsg += addedHeaders(input);
  const already = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id']);
  for (const hdr of settings.reportSafeCopyHeaders) {
    if (already.has(hdr.toLowerCase())) continue;
    already.add(hdr.toLowerCase());
    const values = pristineHeaderValues(msg.pristineHeader, hdr);
    const text = values.map((v) => `${hdr}: ${v}`).join('');
    newmsg = hdr.toLowerCase() === 'received' ? text + newmsg : newmsg + text;
  }
  const now = input.now ?? new Date();
  newmsg = `Received: from localhost by ${input.fqHostname}\n\twith SpamAssassin (version ${SA_VERSION});\n\t${rfc822Date(now)}\n` + newmsg;
  const random32 = input.random32 ?? (() => Math.floor(Math.random() * 2 ** 32));
  let boundary = `----------=_${hex8(Math.floor(now.getTime() / 1000))}.${hex8(random32())}`;
  const taken = (b: string) => new RegExp(`(?:^|(?<=\\n))${quotemeta(b)}(?:--)?(?=\\n|$)`).test(original);
  while (taken(boundary)) boundary += '/' + hex8(random32());
  // get_header('Content-Type'): the last field, unfolded.
  const ctField = [...msg.headers].reverse().find((h) => h.name.toLowerCase() === 'content-type');
  const ct = ctField?.rawValue.replace(/^[ \t]+/, '').replace(/\n[ \t]+/g, ' ');
  let disposition = 'inline';
  if (ct !== undefined && !/text\/plain/i.test(ct)) {
    disposition = 'attachment';
    report += replaceTags(settings.unsafeReportTemplate, tags);
  }
  const type = settings.reportSafe > 1 ? 'text/plain' : 'message/rfc822';
  newmsg +=
    `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${boundary}"\n\n` +
    `This is a multi-part message in MIME format.\n\n--${boundary}\n` +
    `Content-Type: text/plain; charset=${settings.reportCharset}\nContent-Disposition: inline\nContent-Transfer-Encoding: 8bit\n\n` +
    `${report}\n\n--${boundary}\n` +
    `Content-Type: ${type}; x-spam-type=original\nContent-Description: ${ENCAPSULATED_CONTENT_DESCRIPTION}\n` +
    `Content-Disposition: ${disposition}\nContent-Transfer-Encoding: 8bit\n\n`;
  const trailer = `\n--${boundary}--\n\n`;
  return fixLineEndings(newmsg, msg.lineEnding) + original + fixLineEndings(trailer, msg.lineEnding);
}

/** `rewrite_no_report_safe`: the headers marked up, the body untouched. */
function rewriteNoReportSafe(input: RewriteInput): string {
  const { message: msg, settings, tags } = input;
  // split(/^/m): lines with their "\n".
  const lines: string[] = [...(msg.pristineHeader.match(/[^\n]*\n|[^\n]+$/g) ?? [])];
  const spamHeader = /^X-Spam-(?!Prev-)/i;
  for (let i = 0; i < lines.length; i++) {
    if (!spamHeader.test(lines[i]!)) continue;
    while (i < lines.length && /^(?:X-Spam-(?!Prev-)|[ \t])/i.test(lines[i]!)) lines.splice(i, 1);
    i--;
  }
  let separator = '';
  if (lines.length > 0 && /^\s*$/.test(lines[lines.length - 1]!)) separator = lines.pop()!;
  const rh = settings.rewriteHeader;
  const prefix = subjectPrefix(input);
  const ntag = prefix === undefined ? undefined : replaceTags(prefix, tags).replace(/\n/g, ' ').replace(/\s+$/, '');
  // s/^([^:]+:)[ \t]*(?:\Q$tag\E )?/$1 $tag /i
  const markup = (line: string, tag: string) =>
    line.replace(new RegExp(`^([^:]+:)[ \\t]*(?:${quotemeta(tag)} )?`, 'i'), (_, name: string) => `${name} ${tag} `);
  const hasSubject = pristineHeaderValues(msg.pristineHeader, 'Subject').length > 0;
  let createdSubject = false;
  if (!hasSubject && rh.Subject !== undefined) {
    lines.push('Subject: \n');
    createdSubject = true;
  }
  // foreach over an array that grows: the X-Spam-Prev lines pushed are visited but never match.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = (input.isSpam ? /^(From|Subject|To):/i : /^(Subject):/i).exec(line);
    if (!m) continue;
    const hdr = m[1]!.toLowerCase().replace(/^./, (c) => c.toUpperCase()) as 'From' | 'Subject' | 'To';
    const template = rh[hdr];
    if (template === undefined) continue;
    let out = line;
    if (input.isSpam) {
      lines.push(createdSubject ? 'X-Spam-Prev-Subject: (nonexistent)\n' : `X-Spam-Prev-${line}`);
      let tag = replaceTags(template, tags).replace(/\n/g, ' ');
      if (hdr !== 'Subject') tag = `(${tag})`;
      if (ntag !== undefined) out = markup(out, ntag);
      out = markup(out, tag);
    } else if (ntag !== undefined) {
      out = markup(out, ntag);
    }
    lines[i] = out;
  }
  let pre = '';
  if (lines.length > 0 && /^Return-Path:/i.test(lines[0]!)) {
    pre += lines.shift()!;
    while (lines.length > 0 && /^[ \t]/.test(lines[0]!)) pre += lines.shift()!;
  }
  pre += addedHeaders(input);
  return fixLineEndings(pre + lines.join('') + separator, msg.lineEnding) + msg.pristineBody;
}

/**
 * `Util::fq_hostname`: this host's name. (SA looks a dotless name up with gethostbyname for
 * a fully qualified alias; a synchronous lookup has no place in a scan, so the name is used
 * as the system gives it.)
 */
export function fqHostname(): string {
  return hostname().replace(/[()]/g, '');
}
