/**
 * MIMEEval's `_check_attachments` / `_check_mime_header`: one pass over every MIME node
 * collecting the facts `check_for_mime('name')` and friends read. Keys exist exactly when
 * SA's `$pms->{name}` does, so `check_for_mime` can tell "absent" (miss) from "zero" (miss
 * too) from "set" (hit) the same way.
 */
import { findParts } from '../../../message/mime/find-parts.js';
import { parseContentType } from '../../../message/mime/content-type.js';
import { headerValues, isLeaf, type MimeNode } from '../../../message/mime/node.js';
import type { MimeTree } from '../../../message/mime/tree.js';
import { perlTrue } from '../../../perl/truth.js';
import { isCharsetOkForLocales } from './locales.js';
import { lc } from '../../../perl/strings.js';

/** The facts, by SA's `$pms` key (`mime_base64_count`, `mime_qp_ratio`, `mime_html_charsets`...). */
export type MimeFacts = Map<string, number | string>;

const ASCII_CHARSET = /(?:us-ascii|ansi_x3\.4-1968|iso-ir-6|ansi_x3\.4-1986|iso_646\.irv:1991|ascii|iso646-us|us|ibm367|cp367|csascii)/;
const QP_ENCODED = /=(?:09|3[0-9ABCEF]|[2456][0-9A-F]|7[0-9A-E])/g;
const QP_TRAILING = /((?:=09|=20)+)[\t\n\x0b\f\r ]*$/;
const UNICODE_ENTITY = /&#x[0-9A-F]{4};/g;

/** `$p->get_header($name)` in scalar context: the last decoded value plus "\n", or undefined. */
export function partHeader(node: MimeNode, name: string): string | undefined {
  const v = headerValues(node, name);
  return v.length ? v[v.length - 1]! + '\n' : undefined;
}

/** `lc`, then `chomp`, of `get_header(...) || ''`. */
function lcChomp(v: string | undefined): string {
  let s = perlTrue(v) ? lc(v) : '';
  if (s.endsWith('\n')) s = s.slice(0, -1);
  return s;
}

const inc = (f: MimeFacts, key: string, by = 1) => f.set(key, ((f.get(key) as number | undefined) ?? 0) + by);

function checkMimeHeader(f: MimeFacts, locales: readonly string[], ctype: string, cte: string, cd: string, charsetIn: string | undefined): void {
  const charset = charsetIn === undefined || charsetIn === '' || charsetIn === '0' ? '' : charsetIn;
  if (ctype === 'text/html') inc(f, 'mime_body_html_count');
  else if (/^text/i.test(ctype)) inc(f, 'mime_body_text_count');

  if (cte.includes('base64')) inc(f, 'mime_base64_count');
  else if (cte.includes('quoted-printable')) inc(f, 'mime_qp_count');

  if (perlTrue(cd) && cd.includes('attachment')) inc(f, 'mime_attachment');

  if (
    /^text/.test(ctype) &&
    cte.includes('base64') &&
    (charset === '' || ASCII_CHARSET.test(charset)) &&
    !(perlTrue(cd) && /^(?:attachment|inline)/.test(cd))
  ) {
    f.set('mime_base64_encoded_text', 1);
  }

  if (/iso-[^\t\n\x0b\f\r ]+-[^\t\n\x0b\f\r ]+\b/i.test(charset) && !/iso-(?:8859-[0-9]{1,2}|2022-(?:jp|kr))\b/.test(charset)) {
    f.set('mime_bad_iso_charset', 1);
  }

  if (/[a-z]/i.test(charset)) {
    const prev = f.get('mime_html_charsets');
    f.set('mime_html_charsets', prev === undefined ? charset : `${prev} ${charset}`);
    if (!f.get('mime_faraway_charset') && !locales.includes('all') && !isCharsetOkForLocales(charset, locales)) {
      f.set('mime_faraway_charset', 1);
    }
  }
}

/** Runs `_check_attachments` over the tree. */
export function checkAttachments(tree: MimeTree, locales: readonly string[]): MimeFacts {
  const f: MimeFacts = new Map<string, number | string>([
    ['mime_checked_attachments', 1],
    ['mime_base64_count', 0],
    ['mime_base64_encoded_text', 0],
    ['mime_body_html_count', 0],
    ['mime_body_text_count', 0],
    ['mime_faraway_charset', 0],
    ['mime_missing_boundary', 0],
    ['mime_multipart_alternative', 0],
    ['mime_multipart_ratio', 1.0],
    ['mime_qp_count', 0],
    ['mime_qp_long_line', 0],
    ['mime_qp_ratio', 0],
    ['mime_ascii_text_illegal', 0],
    ['mime_text_unicode_ratio', 0],
  ]);
  let qpBytes = 0;
  let qpCount = 0;
  const partBytes: (number | undefined)[] = [];
  const partType: string[] = [];
  let normalChars = 0;
  let unicodeChars = 0;
  let part = -1;

  for (const p of findParts(tree.root, /./)) {
    const ct = parseContentType(partHeader(p, 'content-type'));
    const ctype = ct.type;
    if (ctype === 'multipart/alternative') f.set('mime_multipart_alternative', 1);
    const cte = lcChomp(partHeader(p, 'content-transfer-encoding'));
    const cd = lcChomp(partHeader(p, 'content-disposition'));
    const charset = perlTrue(ct.charset) ? lc(ct.charset) : ct.charset;
    checkMimeHeader(f, locales, ctype, cte, cd, charset);

    if (!isLeaf(p)) continue;
    part++;
    partType[part] = ctype;
    const attachment = cd.includes('attachment');
    if (!attachment) partBytes[part] = 0;

    const countAlt = ctype === 'text/plain' || ctype === 'text/html';
    const asciiOnly = ctype === 'text/plain' && (charset === undefined || charset === 'us-ascii');
    const unicodeCheck = ctype === 'text/plain' && (cte === '' || cte === '7bit' || cte === '8bit');
    for (const line of p.raw ?? []) {
      if (f.get('mime_multipart_alternative') && !attachment && countAlt) {
        partBytes[part] = (partBytes[part] ?? 0) + line.length;
      }
      if (cte === 'quoted-printable' && !line.startsWith('SPAM: ')) {
        if (line.length > 79) f.set('mime_qp_long_line', 1);
        qpBytes += line.length;
        if (line.includes('=')) {
          const qp = line.match(QP_ENCODED)?.length ?? 0;
          if (qp) {
            qpCount += qp;
            const t = QP_TRAILING.exec(line);
            if (t) qpCount -= t[1]!.length / 3;
          }
        }
      }
      if (asciiOnly && /[\x00\x0d\x80-\xff]/.test(line)) inc(f, 'mime_ascii_text_illegal');
      if (unicodeCheck) {
        let subs = 0;
        const rest = line.replace(UNICODE_ENTITY, () => {
          subs++;
          return '';
        });
        normalChars += rest.length;
        unicodeChars += subs;
      }
    }
  }

  if (qpBytes) {
    f.set('mime_qp_ratio', qpCount / qpBytes);
    f.set('mime_qp_count', qpCount);
    f.set('mime_qp_bytes', qpBytes);
  }
  if (normalChars) f.set('mime_text_unicode_ratio', unicodeChars / normalChars);

  if (f.get('mime_multipart_alternative')) {
    let text: number | undefined;
    let html: number | undefined;
    for (let i = part; i >= 0; i--) {
      const bytes = partBytes[i];
      if (bytes === undefined) continue;
      if (html === undefined && partType[i] === 'text/html') html = bytes;
      else if (text === undefined && partType[i] === 'text/plain') text = bytes;
      if (html !== undefined && text !== undefined) break;
    }
    if (text !== undefined && html !== undefined && html > 0) f.set('mime_multipart_ratio', text / html);
  }

  for (const v of tree.flags.boundaryState.values()) {
    if (v !== 0) {
      f.set('mime_missing_boundary', 1);
      break;
    }
  }
  return f;
}
