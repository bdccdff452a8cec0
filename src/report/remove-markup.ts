/**
 * SpamAssassin's own markup taken back out of a message before it is learned — our version of
 * `Mail::SpamAssassin::remove_spamassassin_markup` (Mail/SpamAssassin.pm), the inverse of
 * what src/report/rewrite.ts writes:
 *
 * - a `report_safe 1|2` wrapper: the original message is the part whose Content-Type is
 *   `message/rfc822; x-spam-type=original` or `text/plain; x-spam-type=original` (or a bare
 *   `message/rfc822` described as `original message before SpamAssassin`); it is returned as is;
 * - otherwise (`report_safe 0`): the `X-Spam-Prev-*` headers put back in place of the headers SA
 *   rewrote, the `X-Spam-*` headers SA added removed, a `rewrite_header Subject` tag without an
 *   `X-Spam-Prev-Subject` (SA before 3.0) removed, a SA 2.4x `SPAM: ----` body report removed.
 *
 * Perl applies it only on the way into learning, and only to a message that carries an
 * `X-Spam-Checker-Version` header: `sa-learn`'s `wanted()` and spamd's TELL (`dotell`) both do
 * `parse(remove_spamassassin_markup($mail), 1)` under that test; `Mail::SpamAssassin::learn`
 * itself (our `ruleSet.learn()`) never strips. {@link markupRemovedForLearning} is that test
 * plus the removal. It lives in report/ because it undoes report/'s rewrite and reads the same
 * `rewrite_header` settings.
 *
 * Inside, texts are byte strings (one char per byte). Perl's `.` never matches "\n" only, so the
 * patterns below spell it `[^\n]` (JS's `.` would also stop at a lone "\r").
 */
import type { CompiledRuleSet } from '../compile/compiled-rule-set.js';
import { toByteString } from '../config/bytes.js';
import { parseRawMessage, type RawMessage } from '../message/raw-message.js';
import { quotemeta } from '../perl/strings.js';
import { ENCAPSULATED_CONTENT_DESCRIPTION, rewriteSettings, type RewriteSettings } from './rewrite.js';

/**
 * The last value of a header as `Message::Node::get_header($name)` answers it (unfolded,
 * trimmed; SA also MIME-decodes it, which never matters for the fields read here), or undefined.
 */
function lastHeader(msg: Pick<RawMessage, 'headers'>, name: string): string | undefined {
  const lc = name.toLowerCase();
  let value: string | undefined;
  for (const h of msg.headers) {
    if (h.name.toLowerCase() !== lc) continue;
    value = h.rawValue.replace(/\r?\n/g, '\n').replace(/\n[ \t]+/g, ' ').replace(/^\s+/, '').replace(/\s+$/, '');
  }
  return value;
}

/**
 * The `report_safe` half of `remove_spamassassin_markup`: the encapsulated original, or
 * undefined when the message is not such a wrapper.
 */
function unwrapReportSafe(msg: RawMessage, mbox: string): string | undefined {
  const ctHeader = lastHeader(msg, 'Content-Type') ?? '';
  // Perl: m!^\s*multipart/mixed;\s+boundary\s*=\s*["']?(.+?)["']?(?:;|$)!i on the value + "\n"
  const m = /^\s*multipart\/mixed;\s+boundary\s*=\s*["']?([^\n]+?)["']?(?:;|$)/i.exec(ctHeader);
  if (!m) return undefined;
  const boundary = quotemeta(m[1]!);
  const boundaryLine = new RegExp(`^--${boundary}\\r?\\n?$`);
  const boundaryStart = new RegExp(`^--${boundary}`);
  // split(/^/, $body): lines with their "\n"
  const lines = msg.pristineBody.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let inHeader = false;
  let ct = '';
  let cd = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!boundaryLine.test(line) && !inHeader) continue;
    if (/^\s*$/.test(line)) {
      // the end of a part's header: is this part the original?
      if (/^(?:message\/rfc822|text\/plain);\s+x-spam-type=original/.test(ct) || (ct === 'message/rfc822' && cd === ENCAPSULATED_CONTENT_DESCRIPTION)) {
        const rest = lines.slice(i + 1);
        // Perl: for each later line starting with the boundary, splice @msg at that line (or
        // at the line before it when that one is blank), with Perl's index -1 meaning the last.
        for (let j = 0; j < rest.length; j++) {
          if (!boundaryStart.test(rest[j]!)) continue;
          const prev = rest.at(j - 1) ?? '';
          let at = /\S/.test(prev) ? j : j - 1;
          if (at < 0) at += rest.length;
          rest.length = at;
        }
        return mbox + rest.join('');
      }
      inHeader = false;
      ct = '';
      cd = '';
      continue;
    }
    inHeader = true;
    const t = /^Content-Type:\s+([^\n]+?)\s*$/i.exec(line);
    if (t) ct = t[1]!;
    else {
      const d = /^Content-Description:\s+([^\n]+?)\s*$/i.exec(line);
      if (d) cd = d[1]!;
    }
  }
  return undefined;
}

/** Replaces until the pattern no longer matches (Perl's `1 while s/…/…/g`). */
function replaceAll(text: string, re: RegExp, by: string): string {
  for (;;) {
    const next = text.replace(re, by);
    if (next === text) return next;
    text = next;
  }
}

/**
 * `Mail::SpamAssassin::remove_spamassassin_markup`: the message without SpamAssassin's markup.
 * `settings.rewriteHeader` is the rule set's `rewrite_header` (see {@link rewriteSettings}).
 * Bytes in (`Buffer`, `Uint8Array`), a `Buffer` out; a string is text (UTF-8 encoded to be
 * worked on, as the file holding it would be), and the answer is text too.
 */
export function removeSpamAssassinMarkup(raw: Buffer | Uint8Array, settings: Pick<RewriteSettings, 'rewriteHeader'>): Buffer;
export function removeSpamAssassinMarkup(raw: string, settings: Pick<RewriteSettings, 'rewriteHeader'>): string;
export function removeSpamAssassinMarkup(raw: Buffer | Uint8Array | string, settings: Pick<RewriteSettings, 'rewriteHeader'>): Buffer | string;
export function removeSpamAssassinMarkup(raw: Buffer | Uint8Array | string, settings: Pick<RewriteSettings, 'rewriteHeader'>): Buffer | string {
  const out = Buffer.from(removeMarkupBytes(toByteString(raw), settings), 'latin1');
  return typeof raw === 'string' ? out.toString('utf8') : out;
}

/** {@link removeSpamAssassinMarkup} on a byte string (one char per byte), answering one. */
function removeMarkupBytes(raw: string, settings: Pick<RewriteSettings, 'rewriteHeader'>): string {
  const msg = parseRawMessage(raw);
  const mbox = msg.mboxSeparator ?? '';
  const unwrapped = unwrapReportSafe(msg, mbox);
  if (unwrapped !== undefined) return unwrapped;

  // "report_safe 0": headers and body, "\n" line endings while we work
  let hdrs = msg.pristineHeader.replace(/\r?\n/g, '\n');
  let body = msg.pristineBody.replace(/\r?\n/g, '\n');

  // unfold SA added headers, but not X-Spam-Prev headers
  hdrs = replaceAll(hdrs, /((?:^|\n)X-Spam-(?!Prev)[^\n]+?)\n[ \t]+(\S[^\n]*\n)/g, '$1 $2');

  // pre-3.0 compatibility: rewritten headers without an X-Spam-Prev- copy
  for (const [header, template] of Object.entries(settings.rewriteHeader)) {
    if (template === undefined) continue;
    if (new RegExp(`^X-Spam-Prev-${header}:`, 'im').test(hdrs)) continue;
    if (header === 'Subject') {
      const tag = quotemeta(template).replace(/_(?:HITS|SCORE|REQD)_/g, '\\d{2}\\.\\d{2}');
      hdrs = replaceAll(hdrs, new RegExp(`^Subject: ${tag} `, 'gm'), 'Subject: ');
    } else {
      hdrs = hdrs.replace(new RegExp(`^(${header}:[ \\t][^\\n]*?)\\t\\([^)]*\\)$`, 'gm'), '$1');
    }
  }
  // a SA 2.4x report at the top of the body
  body = replaceAll(body, /^\n?SPAM: ----[^\n]+\n(?:SPAM:[^\n]*\n)*SPAM: ----[^\n]+\n\n/, '');

  // 3.0: a Subject SA added where there was none (Perl's substitutions, faithfully: the first
  // leaves an empty line, the second, under /s, removes Subject and every line after it)
  if (/^X-Spam-Prev-Subject:\s*\(nonexistent\)$/m.test(hdrs) && !/^Subject:[^\n]*\(nonexistent\)[^\n]*$/m.test(hdrs)) {
    hdrs = hdrs.replace(/(^|\n)X-Spam-Prev-Subject:\s*\(nonexistent\)\n/, '$1\n');
    hdrs = hdrs.replace(/(^|\n)Subject:\s*[ \t]*[\s\S]*\n(?:\s+\S[\s\S]*\n)*/, '$1\n');
  }

  // 3.0: put each X-Spam-Prev-* back in place of the header SA rewrote
  for (;;) {
    const prev = /^X-Spam-Prev-(([^:]+:)[ \t]*[^\n]*\n(?:\s+\S[^\n]*\n)*)/m.exec(hdrs);
    if (!prev) break;
    hdrs = hdrs.slice(0, prev.index) + hdrs.slice(prev.index + prev[0].length);
    const [, hdr, name] = prev as unknown as [string, string, string];
    const current = new RegExp(`^${quotemeta(name)}[ \\t]*[^\\n]*\\n(?:\\s+\\S[^\\n]*\\n)*`, 'm').exec(hdrs);
    if (current) hdrs = hdrs.slice(0, current.index) + hdr + hdrs.slice(current.index + current[0].length);
    else hdrs = hdrs.replace('\n\n', () => `\n${hdr}\n`);
  }

  // every other X-Spam- header SA added (all unfolded above)
  hdrs = replaceAll(hdrs, /(^|\n)X-Spam-[^\n]*\n/g, '$1');

  // back to the message's own line endings
  if (msg.lineEnding === '\r\n') {
    hdrs = hdrs.replace(/\n/g, '\r\n');
    body = body.replace(/\n/g, '\r\n');
  }
  return mbox + hdrs + body;
}

/**
 * What `sa-learn` and spamd's TELL learn for a raw message: the message with SpamAssassin's
 * markup removed when it carries an `X-Spam-Checker-Version` header (their
 * `if ($mail->get_header("X-Spam-Checker-Version"))`), otherwise the message unchanged. The
 * answer is of the kind given: bytes (a `Buffer` when stripped) for bytes, text for a string.
 */
export function markupRemovedForLearning(ruleSet: CompiledRuleSet, raw: string): string;
export function markupRemovedForLearning(ruleSet: CompiledRuleSet, raw: Buffer | Uint8Array): Buffer | Uint8Array;
export function markupRemovedForLearning(ruleSet: CompiledRuleSet, raw: Buffer | Uint8Array | string): Buffer | Uint8Array | string;
export function markupRemovedForLearning(ruleSet: CompiledRuleSet, raw: Buffer | Uint8Array | string): Buffer | Uint8Array | string {
  const bytes = toByteString(raw);
  if (lastHeader(parseRawMessage(bytes), 'X-Spam-Checker-Version') === undefined) return raw;
  const out = Buffer.from(removeMarkupBytes(bytes, ruleSet.report.rewrite), 'latin1');
  return typeof raw === 'string' ? out.toString('utf8') : out;
}
