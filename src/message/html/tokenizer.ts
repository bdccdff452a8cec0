/**
 * An HTML tokenizer reproducing HTML::Parser 3.x (api_version 3, marked_sections on, all
 * other options off) — the event stream SA's HTML.pm renders from.
 *
 * Why not htmlparser2: SA's output depends on HTML::Parser's exact segmentation and
 * leniency — text split where a buffer ends (a trailing word is held back and reported as a
 * separate event), literal-mode elements (script, style, xmp, iframe, plaintext, title,
 * textarea), `<!...>` declarations read as comments, unterminated quotes swallowing the
 * rest of the document into a comment at eof, marked sections (`<![CDATA[`, and the
 * `]`-skipping quirk inside them), and its own entity rules. Emulating all of that on top
 * of an HTML5 tokenizer would mean undoing most of what it does, so the C state machine
 * (`hparser.c`: `parse_buf` and eof handling in `parse`) is followed here instead.
 */
import { decodeEntities } from './entities.js';
import { isNameFirst, isSpace, toLower } from './char-class.js';
import { type MarkupCore, parseDecl, parseEnd, parseProcess, parseStart } from './markup.js';
import { lc } from '../../perl/strings.js';

/** Receives events like SA's HTML::Parser handlers (tag names lower-cased, attributes decoded). */
export interface HtmlEventHandler {
  /** `start_document` */
  startDocument(): void;
  /** `start`: lower-cased tag name and attributes (first occurrence wins, names lower-cased). */
  start(tag: string, attrs: Map<string, string>): void;
  /** `end`: lower-cased tag name. */
  end(tag: string): void;
  /** `text` with `dtext` (entities decoded unless in CDATA) and its Perl utf8 flag. */
  text(dtext: string, utf8: boolean): void;
  /** `comment` with the full text including `<!--` and `-->`. */
  comment(text: string): void;
  /** `declaration` with the full text, e.g. `<!DOCTYPE html>`. */
  declaration(text: string): void;
  /** `end_document` */
  endDocument(): void;
}

const enum MarkedSection {
  None = 0,
  Include = 1,
  RcData = 2,
  CData = 3,
  Ignore = 4,
}

const MS_KEYWORDS: Record<string, MarkedSection> = {
  include: MarkedSection.Include,
  rcdata: MarkedSection.RcData,
  cdata: MarkedSection.CData,
  ignore: MarkedSection.Ignore,
};

/** Literal elements whose unterminated content is plain text at end of document. */
const EOF_TEXT_LITERALS = new Set(['plaintext', 'xmp', 'iframe', 'textarea']);

/** The HTML::Parser state machine. Feed with {@link parse}, finish with {@link eof}. */
export class HtmlTokenizer implements MarkupCore {
  doc = '';
  noDashDashCommentEnd = false;
  private utf8 = false;
  private buf: string | undefined;
  private bufUtf8 = false;
  private started = false;
  private literal: string | undefined;
  private isCdata = false;
  private pendingEndTag: string | undefined;
  /**
   * Per open marked section, the strongest keyword of it and all sections around it:
   * HTML::Parser recomputes that over the whole stack at every push and pop, which is
   * quadratic on thousands of nested `<![x[`; the running maximum gives the same value.
   */
  private msStack: MarkedSection[] = [];
  private ms: MarkedSection = MarkedSection.None;

  /** @param handler receives the events */
  constructor(private readonly handler: HtmlEventHandler) {}

  /** The code unit at `i` of the current buffer, -1 outside it (C's NUL terminator). */
  at(i: number): number {
    return i >= 0 && i < this.doc.length ? this.doc.charCodeAt(i) : -1;
  }

  /** Enters literal mode after `<script>`, `<style>`, `<title>`, ... (`cdata`: no entity decoding). */
  enterLiteral(tag: string, cdata: boolean): void {
    this.literal = tag;
    this.isCdata = cdata;
  }

  /** Opens a marked section (`<![ keywords [`). */
  pushMarkedSection(tokens: string[]): void {
    let ms = this.msStack.length > 0 ? this.msStack[this.msStack.length - 1]! : MarkedSection.None;
    for (const t of tokens) ms = Math.max(ms, Object.hasOwn(MS_KEYWORDS, t) ? MS_KEYWORDS[t]! : 0); // own keys: `<![constructor[` is no keyword
    this.msStack.push(ms);
    this.updateMarkedSection();
  }

  private updateMarkedSection(): void {
    const ms = this.msStack.length > 0 ? this.msStack[this.msStack.length - 1]! : MarkedSection.None;
    this.ms = ms;
    this.isCdata = ms === MarkedSection.CData;
  }

  /** What every non-text, non-comment event does first: emit a pending `</title>`. */
  private flushPendingEnd(): void {
    if (this.pendingEndTag !== undefined) {
      const tag = this.pendingEndTag;
      this.pendingEndTag = undefined;
      this.reportEnd(tag);
    }
  }

  /** A start tag with raw attributes (undefined value: boolean attribute). */
  reportStart(tag: string, attrs: Array<[string, string | undefined]>): void {
    this.flushPendingEnd();
    if (this.ms === MarkedSection.Ignore) return;
    const map = new Map<string, string>();
    for (const [name, value] of attrs) {
      const key = lc(name);
      if (map.has(key)) continue;
      // A boolean attribute's value is its name as written.
      map.set(key, value === undefined ? name : decodeEntities(value, this.utf8, false).text);
    }
    this.handler.start(lc(tag), map);
  }

  /** An end tag. */
  reportEnd(tag: string): void {
    this.flushPendingEnd();
    if (this.ms === MarkedSection.Ignore) return;
    this.handler.end(lc(tag));
  }

  /** A comment (full text). Comments do not flush a pending end tag. */
  reportComment(text: string): void {
    if (this.ms === MarkedSection.Ignore) return;
    this.handler.comment(text);
  }

  /** A `<!DOCTYPE ...>`/`<!ENTITY ...>` declaration. */
  reportDeclaration(text: string): void {
    this.flushPendingEnd();
    if (this.ms === MarkedSection.Ignore) return;
    this.handler.declaration(text);
  }

  /** A construct without event (marked-section delimiters, processing instructions). */
  reportNone(): void {
    this.flushPendingEnd();
  }

  private reportText(from: number, to: number): void {
    if (this.ms === MarkedSection.Ignore) return;
    const raw = this.doc.slice(from, to);
    if (this.isCdata) {
      this.handler.text(raw, this.utf8);
    } else {
      const d = decodeEntities(raw, this.utf8, true);
      this.handler.text(d.text, d.utf8);
    }
  }

  /** Closes a marked section at `]]>`. */
  private popMarkedSection(): void {
    this.msStack.pop();
    this.updateMarkedSection();
  }

  /** `parse_buf`: consumes what it can of doc[beg, end) and returns where it stopped. */
  private parseBuf(beg: number, end: number): number {
    let s = beg;
    let t = beg;
    for (;;) {
      while (this.literal !== undefined) {
        const lit = this.literal;
        while (s < end && this.at(s) !== 0x3c) s++;
        if (s === end) return t;
        const endText = s;
        s++;
        if (this.at(s) === 0x2f) {
          s++;
          let k = 0;
          while (k < lit.length && toLower(this.at(s)) === lit.charCodeAt(k)) {
            s++;
            k++;
          }
          // closing_plaintext is off: </plaintext> never ends plaintext.
          if (k === lit.length && lit !== 'plaintext') {
            const tokEnd = s;
            while (isSpace(this.at(s))) s++;
            if (this.at(s) === 0x3e) {
              s++;
              if (t !== endText) this.reportText(t, endText);
              this.reportEnd(this.doc.slice(endText + 2, tokEnd));
              this.literal = undefined;
              this.isCdata = false;
              t = s;
            }
          }
        }
      }

      while (this.ms === MarkedSection.CData || this.ms === MarkedSection.RcData) {
        while (s < end && this.at(s) !== 0x5d) s++;
        if (this.at(s) === 0x5d) {
          const endText = s;
          s++;
          if (this.at(s) === 0x5d && this.at(s + 1) === 0x3e) {
            s += 2;
            if (t !== endText) this.reportText(t, endText);
            this.reportNone();
            t = s;
            this.popMarkedSection();
            continue;
          }
        }
        if (s >= end) return t;
      }

      while (s < end && this.at(s) !== 0x3c) {
        if (this.ms !== MarkedSection.None && this.at(s) === 0x5d) {
          const endText = s;
          s++;
          if (this.at(s) === 0x5d) {
            s++;
            if (this.at(s) === 0x3e) {
              s++;
              // Reported even when empty, as HTML::Parser does.
              this.reportText(t, endText);
              this.reportNone();
              t = s;
              this.popMarkedSection();
              continue;
            }
          }
        }
        // Sic: after a lone ']' inside a marked section the next character is skipped unseen.
        s++;
      }
      if (s > end) s = end;
      if (s !== t) {
        if (this.at(s) === 0x3c) {
          this.reportText(t, s);
          t = s;
        } else {
          // Buffer exhausted inside text: hold back trailing whitespace, or the last word
          // (it may be a chopped entity), for the next chunk or eof.
          s--;
          if (isSpace(this.at(s))) {
            while (s >= t && isSpace(this.at(s))) s--;
          } else {
            while (s >= t && !isSpace(this.at(s))) s--;
            while (s >= t && isSpace(this.at(s))) s--;
          }
          s++;
          if (s !== t) this.reportText(t, s);
          return s;
        }
      }

      if (end - s < 3) return s;
      s++;
      const c = this.at(s);
      let next: number;
      if (isNameFirst(c)) next = parseStart(this, t, end);
      else if (c === 0x2f) next = parseEnd(this, t, end);
      else if (c === 0x21) next = parseDecl(this, t, end);
      else if (c === 0x3f) next = parseProcess(this, t, end);
      else next = -1;
      if (next >= 0) {
        if (next === t) return t;
        t = s = next;
      }
      // Otherwise not markup: the '<' is text, scanning resumes after it.
    }
  }

  /** `$p->parse($chunk)`: parses as much as possible, buffering an incomplete tail. */
  parse(chunk: string, utf8: boolean): void {
    if (!this.started) {
      this.started = true;
      this.handler.startDocument();
    }
    if (this.buf !== undefined) {
      this.doc = this.buf + chunk;
      this.utf8 = this.bufUtf8 || utf8;
    } else {
      this.doc = chunk;
      this.utf8 = utf8;
    }
    if (this.doc.length === 0) return;
    const s = this.parseBuf(0, this.doc.length);
    if (s >= this.doc.length) {
      this.buf = undefined;
    } else {
      this.buf = this.doc.slice(s);
      this.bufUtf8 = this.utf8;
    }
  }

  /** `$p->eof`: flushes the buffer with HTML::Parser's end-of-document rules. */
  eof(): void {
    if (!this.started) {
      this.started = true;
      this.handler.startDocument();
    }
    if (this.buf !== undefined && this.buf.length > 0) {
      this.doc = this.buf;
      this.utf8 = this.bufUtf8;
      const end = this.doc.length;
      let s = 0;
      while (s < end) {
        if (this.literal !== undefined) {
          if (EOF_TEXT_LITERALS.has(this.literal)) break;
          if (this.literal === 'script' || this.literal === 'style') this.reportEnd(this.literal);
          else this.pendingEndTag = this.literal;
          this.literal = undefined;
          s = this.parseBuf(s, end);
          continue;
        }
        if (!this.noDashDashCommentEnd && this.at(s) === 0x3c) {
          this.noDashDashCommentEnd = true;
          s = this.parseBuf(s, end);
          continue;
        }
        if (this.at(s) === 0x3c) {
          const c1 = this.at(s + 1);
          if (s + 1 === end || isNameFirst(c1) || c1 === 0x2f || c1 === 0x21 || c1 === 0x3f) {
            // Unterminated markup: the rest is a comment.
            this.reportComment(this.doc.slice(s, end));
            s = end;
          }
        }
        break;
      }
      if (s < end) this.reportText(s, end);
    }
    this.buf = undefined;
    this.flushPendingEnd();
    this.handler.endDocument();
    this.started = false;
    this.literal = undefined;
    this.isCdata = false;
  }
}
