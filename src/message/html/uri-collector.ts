/**
 * The URI and anchor bookkeeping of HTML.pm (`html_uri`, `push_uri`, `canon_uri`, the `<a>`
 * part of `html_tests`). URIs stay character strings, as SA keeps them (HTML-derived URIs
 * are code points, text URIs octets — inventory trap 1).
 */
import { trimEndOf, trimStartOf } from '../mime/binary.js';
import { isPerlSpace, PERL_SPACE, PERL_UNICODE_SPACE } from '../../perl/regex-classes.js';
import { perlTrue } from '../../perl/truth.js';
import type { HtmlUriDetail } from './results.js';
import { targetUri } from './uri-resolve.js';

const MAX_URI_LENGTH = 8192;
/** `[\s\xA0]` on an octet string; on a character string `\s` holds NBSP already. */
const ASCII_SPACE_OR_NBSP = `${PERL_SPACE}\xa0`;

/**
 * The meta-refresh substitution `\s*;.*` (to nothing): from the whitespace before the first `;` to the end of that
 * line. As a regex it retries from every blank of a long run with no `;` after it, which is
 * quadratic (7 s for 50,000 blanks in one `content` attribute).
 */
function cutAtSemicolon(s: string): string {
  const semi = s.indexOf(';');
  if (semi < 0) return s;
  let from = semi;
  while (from > 0 && isPerlSpace(s.charCodeAt(from - 1))) from--;
  const nl = s.indexOf('\n', semi);
  return s.slice(0, from) + (nl < 0 ? '' : s.slice(nl));
}

/**
 * The `<base href>` clean-up `s@^([a-z]+:/{0,2}[^/]+/.*?)[^/\.]+\.[^/\.]{2,4}$@$1@i` (drop a
 * trailing file name), without the lazy `.*?` retrying the suffix from every position
 * (quadratic on an 8 KB href). The suffix can only start in the last path segment: after
 * the last `/` or `.` before the final dot, which must be followed by 2-4 characters free of
 * `/` and `.`; the lazy part must not cross a newline. The caller checked the scheme.
 */
function stripBaseFilename(uri: string): string {
  const head = /^[a-z]+:\/{0,2}[^/]+\//i.exec(uri);
  if (!head) return uri;
  const dot = uri.lastIndexOf('.');
  const ext = uri.length - dot - 1;
  if (dot < 0 || ext < 2 || ext > 4 || uri.indexOf('/', dot) >= 0) return uri;
  const sep = Math.max(uri.lastIndexOf('/', dot - 1), uri.lastIndexOf('.', dot - 1));
  const start = Math.max(sep + 1, head[0].length);
  if (start >= dot) return uri;
  const nl = uri.indexOf('\n', head[0].length);
  if (nl >= 0 && nl < start) return uri;
  return uri.slice(0, start);
}

/** Collects URIs, anchors and the `<base>` of one HTML part. */
export class UriCollector {
  readonly uri = new Map<string, HtmlUriDetail>();
  readonly anchor: string[] = [];
  anchorLast = '';
  baseHref: string | undefined;
  truncated = false;

  constructor(private readonly utf8: boolean) {}

  private detail(key: string): HtmlUriDetail {
    let d = this.uri.get(key);
    if (!d) {
      d = { types: new Set() };
      this.uri.set(key, d);
    }
    return d;
  }

  /** `canon_uri`: trims whitespace and NBSP, cuts to 8192 characters. */
  canon(input: string): string {
    const sp = this.utf8 ? PERL_UNICODE_SPACE : ASCII_SPACE_OR_NBSP;
    let uri = trimStartOf(trimEndOf(input, sp), sp);
    if (uri.length > MAX_URI_LENGTH) {
      this.truncated = true;
      uri = uri.slice(0, MAX_URI_LENGTH);
    }
    return uri;
  }

  /** `push_uri`: records a URI under the tag that referenced it, resolved against `<base>`. */
  push(type: string, input: string): void {
    const uri = this.canon(input);
    if (uri === '') return;
    if (/^(?:data|mailto|file|cid|tel):/i.test(uri)) {
      this.detail(uri).types.add(type);
    } else {
      const target = targetUri(this.baseHref || '', uri);
      if (target !== '') this.detail(target).types.add(type);
    }
  }

  /** Attributes named like `x/href` count as `href` (badly formatted HTML, SA does the same). */
  private static adopt(attrs: Map<string, string>, suffix: 'href' | 'src'): void {
    const re = new RegExp(`\\w{1,8}/${suffix}`);
    for (const [k, v] of [...attrs]) {
      if (re.test(k)) {
        attrs.delete(k);
        attrs.set(suffix, v);
      }
    }
  }

  /** `html_uri`: the URI-bearing attributes of a start tag. */
  fromTag(tag: string, attrs: Map<string, string>): void {
    if (/^(?:body|table|tr|td)$/.test(tag)) {
      const bg = attrs.get('background');
      if (bg !== undefined) this.push(tag, bg);
    } else if (/^(?:a|area|link)$/.test(tag)) {
      UriCollector.adopt(attrs, 'href');
      let href = attrs.get('href');
      if (href !== undefined) {
        // Remove byte-order marks (U+FEFF, or its UTF-8 octets in an octet string).
        href = this.utf8 ? href.replace(/\ufeff/g, '') : href.replace(/\xef\xbb\xbf/g, '');
        attrs.set('href', href);
        this.push(tag, href);
      }
      const safe = attrs.get('data-saferedirecturl');
      if (safe !== undefined) this.push(tag, safe);
    } else if (/^(?:img|frame|iframe|embed|script|bgsound)$/.test(tag)) {
      UriCollector.adopt(attrs, 'src');
      const src = attrs.get('src');
      if (src !== undefined) this.push(tag, src);
    } else if (tag === 'form') {
      const action = attrs.get('action');
      if (action !== undefined) this.push(tag, action);
    } else if (tag === 'base') {
      const href = attrs.get('href');
      if (perlTrue(href)) {
        let uri = this.canon(href);
        this.push(tag, uri);
        // Browsers only honour an absolute base of a standard protocol.
        if (/^(?:https?|ftp):\/{0,2}/i.test(uri)) {
          uri = stripBaseFilename(uri);
          if (!uri.endsWith('/')) uri += '/';
          this.baseHref = uri;
        }
      }
    } else if (tag === 'meta') {
      const equiv = attrs.get('http-equiv');
      const content = attrs.get('content');
      if (equiv !== undefined && content !== undefined && /refresh/i.test(equiv) && /\burl[\t\n\x0b\f\r ]*=/i.test(content)) {
        const uri = cutAtSemicolon(content.replace(/^[^\n]*\burl[\t\n\x0b\f\r ]*=[\t\n\x0b\f\r ]*/i, ''));
        this.push(tag, uri);
      }
    }
  }

  /** The `<a>` start: a new anchor whose text accumulates until `</a>`. */
  startAnchor(attrs: Map<string, string>): void {
    const href = attrs.get('href');
    this.anchorLast = href !== undefined ? this.canon(href) : '';
    const d = this.detail(this.anchorLast);
    (d.anchor_text ??= []).push('');
    this.anchor.push('');
  }

  /** Appends text to the current anchor (and to its URI's anchor text). */
  appendAnchorText(text: string): void {
    const d = this.detail(this.anchorLast);
    const at = (d.anchor_text ??= []);
    if (at.length === 0) at.push('');
    at[at.length - 1] += text;
    if (this.anchor.length === 0) this.anchor.push('');
    this.anchor[this.anchor.length - 1] += text;
  }
}
