/**
 * Cursor over a pattern text, shared by the parser files, with Perl-style error reporting.
 */
import { RegexTranslateError, type RegexErrorCode } from './errors.js';

/** Chars of the pattern shown on each side of the `<-- HERE` mark of an error. */
const MARK_CONTEXT = 200;

/** Position in a pattern plus the failure helper every parser function uses. */
export class Scanner {
  /** Index of the next unread char. */
  pos = 0;

  /**
   * @param src - the pattern text (Latin-1 binary string)
   * @param prefixLength - length of the `(?flags)` prefix SA adds; error offsets exclude it
   */
  constructor(
    readonly src: string,
    readonly prefixLength = 0,
  ) {}

  /** Whether every char has been read. */
  get done(): boolean {
    return this.pos >= this.src.length;
  }

  /** The char `ahead` positions after the cursor, or `''` past the end. */
  peek(ahead = 0): string {
    return this.src.charAt(this.pos + ahead);
  }

  /** Whether the text at the cursor starts with `text`. */
  startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  /**
   * Throws a {@link RegexTranslateError}. For Perl's own errors the message is laid out the way
   * perl prints it (`... in regex; marked by <-- HERE in m/abc <-- HERE def/`), which is also the
   * text SpamAssassin's lint shows.
   */
  fail(message: string, code: RegexErrorCode = 'perl-syntax', at = this.pos): never {
    const where = Math.min(Math.max(at, 0), this.src.length);
    // At most MARK_CONTEXT chars each side of the mark: a rule pattern may be hundreds of KB,
    // and the message ends up in lint output and logs.
    const before = where > MARK_CONTEXT ? `...${this.src.slice(where - MARK_CONTEXT, where)}` : this.src.slice(0, where);
    const after = this.src.length - where > MARK_CONTEXT ? `${this.src.slice(where, where + MARK_CONTEXT)}...` : this.src.slice(where);
    const marked = `${before} <-- HERE ${after}`;
    const text = code === 'perl-syntax' ? `${message} in regex; marked by <-- HERE in m/${marked}/` : message;
    throw new RegexTranslateError(text, code, Math.max(0, where - this.prefixLength));
  }
}
