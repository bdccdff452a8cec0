/**
 * HTML to text the way SpamAssassin's HTML.pm renders it (the `html_*` handlers on top of
 * HTML::Parser, `display_text`, `get_rendered_text`), with its metadata.
 *
 * Rendering rules: whitespace elements (`br div` -> "\n"; `li th td dt dd embed h1-h6` ->
 * " "; `p hr blockquote pre listing plaintext xmp title` -> "\n\n", on start and end tags)
 * trim one trailing space of the previous visible text and make the next text drop one
 * leading space; text runs have `[ \t\n\r\f\v]+` (and the two characters "\xC2\xA0")
 * collapsed to a space; script text is collected apart, style text dropped, title and
 * anchor text also recorded apart (and still rendered). Text is marked invisible by the
 * style stack; `rendered` keeps it, `visible` drops it.
 */
import { trimStartOf } from '../mime/binary.js';
import { isPerlSpace, PERL_SPACE } from '../../perl/regex-classes.js';
import { StyleStack } from './style-stack.js';
import type { HtmlRendering, RenderedText } from './rendering.js';
import { UriCollector } from './uri-collector.js';
import { ELEMENTS, flagRegexes, TEXT_STYLE, TRICKS, URI_TAGS, WHITESPACE } from './tag-sets.js';

/**
 * SA's font-face test `/^\s*["'.]?[a-z ][a-z -]*[a-z]\d?["']?(?:,\s*["']?[a-z][a-z -]*[a-z]\d?["']?)*;?$/i`,
 * evaluated per comma-separated name (commas cannot occur inside a name) so that it runs in
 * linear time on hostile input.
 */
export function isFontList(face: string): boolean {
  let s = face.endsWith('\n') ? face.slice(0, -1) : face;
  if (s.endsWith(';')) s = s.slice(0, -1);
  const names = s.split(',');
  const name = /^[a-z ][a-z -]*[a-z]\d?["']?$/i;
  const first = names[0]!;
  const rest = trimStartOf(first, PERL_SPACE);
  let ok: boolean;
  if (/^["'.]/.test(rest)) {
    ok = name.test(rest.slice(1));
  } else {
    // The leading \s* may leave its last space to the name, which may start with a space.
    const lead = first.slice(0, first.length - rest.length);
    ok = name.test(rest) || (lead.endsWith(' ') && /^[a-z -]*[a-z]\d?["']?$/i.test(rest));
  }
  return ok && names.slice(1).every((n) => /^[\t\n\x0b\f\r ]*["']?[a-z][a-z -]*[a-z]\d?["']?$/i.test(n));
}

/**
 * Whether text holds anything but ASCII white space and UTF-8 no-break spaces: `html_text`
 * removes `(?:[ \t\n\r\f\x0b]|\xc2\xa0)` from a copy and tests its length. A loop here: the
 * replace allocated a copy of every text node.
 */
function hasNonSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isPerlSpace(c)) continue;
    if (c === 0xc2 && text.charCodeAt(i + 1) === 0xa0) {
      i++;
      continue;
    }
    return true;
  }
  return false;
}

/** The state HTML.pm's handlers keep while one part is parsed. */
export class HtmlRenderer {
  readonly text: string[] = [];
  readonly textUtf8: boolean[] = [];
  readonly whitespace: boolean[] = [];
  readonly invisible: boolean[] = [];
  readonly style = new StyleStack();
  readonly uris: UriCollector;
  readonly inside = new Map<string, number>();
  readonly backhair = new Map<string, number>();
  readonly res: Partial<HtmlRendering['results']> = {};
  tags = 0;
  tagsSeen = 0;
  elements = 0;
  elementsSeen = 0;
  closedExtra = 0;
  obfuscation = 0;
  imageArea = 0;
  titleIndex = -1;
  title: string[] | undefined;
  comment: string[] | undefined;
  script: string[] | undefined;
  charsets: string | undefined;
  private readonly reAscii = flagRegexes(false);
  private readonly reUnicode = flagRegexes(true);

  constructor(utf8: boolean) {
    this.uris = new UriCollector(utf8);
  }

  /** `html_start` */
  startDocument(): void {
    this.style.reset();
  }

  /** `html_end` (results are built by {@link results}). */
  endDocument(): void {}

  private insideCount(tag: string): number {
    return this.inside.get(tag) ?? 0;
  }

  /** A start tag (`html_tag` with +1). */
  start(tag: string, attrs: Map<string, string>): void {
    this.tag(tag, attrs, 1);
  }

  /** An end tag (`html_tag` with -1). */
  end(tag: string): void {
    this.tag(tag, undefined, -1);
  }

  /** `html_tag` */
  private tag(tag: string, attrs: Map<string, string> | undefined, num: number): void {
    const maybeNamespace = /^(?:o|st\d):[\w-]+\/?\n?$/.test(tag);
    if (ELEMENTS.has(tag) || maybeNamespace) {
      this.elements++;
      if (!this.inside.has(tag)) this.elementsSeen++;
    }
    this.tags++;
    if (!this.inside.has(tag)) this.tagsSeen++;
    let n = this.insideCount(tag) + num;
    if (n < 0) {
      n = 0;
      this.closedExtra++;
    }
    this.inside.set(tag, n);
    if (maybeNamespace) return;
    if (!ELEMENTS.has(tag) && !TRICKS.has(tag)) return;
    if (TEXT_STYLE.has(tag)) this.style.apply(tag, attrs, num);
    if (WHITESPACE.has(tag)) this.htmlWhitespace(tag);
    if (num === 1) {
      const a = attrs ?? new Map<string, string>();
      if (URI_TAGS.has(tag)) this.uris.fromTag(tag, a);
      this.htmlTests(tag, a);
    }
  }

  private htmlWhitespace(tag: string): void {
    if (tag === 'br' || tag === 'div') this.display('\n', false, true, false);
    else if (/^(?:li|t[hd]|d[td]|embed|h\d)$/.test(tag)) this.display(' ', false, true, false);
    else this.display('\n\n', false, true, false);
  }

  /** `html_tests` */
  private htmlTests(tag: string, attrs: Map<string, string>): void {
    const face = attrs.get('face');
    if (tag === 'font' && face !== undefined) {
      // Font lists seen in ham (SA bugs 5956, 7312).
      if (!isFontList(face)) this.res.font_face_bad = 1;
    }
    if (tag === 'img' && this.insideCount('a') > 0) this.uris.appendAnchorText('<img>\n');
    const width = attrs.get('width');
    const height = attrs.get('height');
    if (tag === 'img' && width !== undefined && height !== undefined) {
      let w = 0;
      let h = 0;
      let m = /^(\d+)(%)?\n?$/.exec(width);
      if (m) w = Number(m[1]) * (m[2] ? 8 : 1);
      m = /^(\d+)(%)?\n?$/.exec(height);
      if (m) h = Number(m[1]) * (m[2] ? 6 : 1);
      if (w <= 0) w = 200;
      if (h <= 0) h = 200;
      this.imageArea += w * h;
    }
    const action = attrs.get('action');
    if (tag === 'form' && action !== undefined && /mailto:/i.test(action)) this.res.form_action_mailto = 1;
    if (tag === 'object' || tag === 'embed') this.res.embeds = 1;
    if (tag === 'a') this.uris.startAnchor(attrs);
    if (tag === 'title') {
      this.titleIndex++;
      (this.title ??= [])[this.titleIndex] = '';
    }
    const equiv = attrs.get('http-equiv');
    const content = attrs.get('content');
    if (tag === 'meta' && equiv !== undefined && content !== undefined && /Content-Type/i.test(equiv)) {
      const m = /\bcharset[\t\n\x0b\f\r ]*=[\t\n\x0b\f\r ]*["']?([^"']+)/i.exec(content);
      if (m) this.charsets = this.charsets !== undefined ? `${this.charsets} ${m[1]}` : m[1];
    }
  }

  /** `display_text` */
  private display(input: string, utf8: boolean, isWhitespace: boolean, isInvisible: boolean): void {
    let text = input;
    const last = this.text.length - 1;
    if (isWhitespace) {
      if (last >= 0 && !this.whitespace[last] && !this.invisible[last]) {
        this.text[last] = this.text[last]!.replace(/ $/, '');
      }
    } else {
      text = text.replace(/[ \t\n\r\f\x0b]+|\xc2\xa0/g, ' ');
      if (last >= 0 && !isInvisible && this.whitespace[last]) text = text.replace(/^ /, '');
    }
    this.text.push(text);
    this.textUtf8.push(utf8);
    this.whitespace.push(isWhitespace);
    this.invisible.push(isInvisible);
  }

  /** `html_text` */
  onText(text: string, utf8: boolean): void {
    if (this.insideCount('script') > 0) {
      (this.script ??= []).push(text);
      return;
    }
    if (this.insideCount('style') > 0) return;
    if (this.insideCount('a') > 0) this.uris.appendAnchorText(text);
    if (this.insideCount('title') > 0 && this.title) this.title[this.titleIndex] = (this.title[this.titleIndex] ?? '') + text;

    let invisible = false;
    if (hasNonSpace(text)) invisible = this.style.isInvisible();

    const prev = this.text[this.text.length - 1];
    if (prev !== undefined) {
      // Each string is matched with its own Perl semantics (Unicode \s and \b when utf8).
      const reText = utf8 ? this.reUnicode : this.reAscii;
      const rePrev = this.textUtf8[this.text.length - 1] ? this.reUnicode : this.reAscii;
      if (reText.startsX.test(text) && rePrev.endsX.test(prev)) this.obfuscation++;
      const tail = rePrev.tailWord.exec(prev);
      if (tail) {
        const head = reText.headWord.exec(text);
        if (head) {
          const key = `${[...tail[1]!].length}_${[...head[1]!].length}`;
          this.backhair.set(key, (this.backhair.get(key) ?? 0) + 1);
        }
      }
    }
    this.display(text, utf8, false, invisible);
  }

  /** `html_comment` */
  onComment(text: string): void {
    (this.comment ??= []).push(text);
  }

  /** `html_declaration`: a doctype counts as an element and a tag. */
  declaration(text: string): void {
    if (/^<!doctype/i.test(text)) {
      this.elements++;
      this.tags++;
      this.inside.set('!doctype', 0);
    }
  }

  /** Joins the pieces selected by `keep`. */
  joined(keep: (i: number) => boolean): RenderedText {
    // One join, not `+=` per piece: a long rope of small pieces costs far more memory.
    const pieces: string[] = [];
    let utf8 = false;
    for (let i = 0; i < this.text.length; i++) {
      if (!keep(i)) continue;
      pieces.push(this.text[i]!);
      if (this.textUtf8[i]) utf8 = true;
    }
    return { text: pieces.join(''), utf8 };
  }

  /** `html_end`: the results hash. */
  results(length: number): HtmlRendering['results'] {
    const r: HtmlRendering['results'] = {
      ...this.res,
      html: 1,
      uri: [...this.uris.uri.keys()],
      image_area: this.imageArea,
      length,
      min_size: this.style.minSize,
      max_size: this.style.maxSize,
      // Always present: SA's own `exists $self->{inside}{style}` check autovivifies it.
      inside: this.inside,
    };
    if (this.uris.anchor.length) r.anchor = this.uris.anchor;
    if (this.uris.uri.size) r.uri_detail = this.uris.uri;
    if (this.uris.truncated) r.uri_truncated = 1;
    if (this.tags) r.closed_extra_ratio = this.closedExtra / this.tags;
    if (this.comment) r.comment = this.comment;
    if (this.script) r.script = this.script;
    if (this.title) r.title = this.title;
    if (this.backhair.size) r.backhair_count = this.backhair.size;
    if (this.elements && this.tags) r.bad_tag_ratio = (this.tags - this.elements) / this.tags;
    if (this.elementsSeen && this.tagsSeen) r.non_element_ratio = (this.tagsSeen - this.elementsSeen) / this.tagsSeen;
    if (this.tags && this.obfuscation) r.obfuscation_ratio = this.obfuscation / this.tags;
    if (this.style.fontLowContrast) r.font_low_contrast = 1;
    if (this.style.fontInvalidColor) r.font_invalid_color = 1;
    if (this.charsets !== undefined) r.charsets = this.charsets;
    return r;
  }
}

