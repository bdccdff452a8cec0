/**
 * The one error type of the regex translator.
 *
 * SpamAssassin reports a pattern Perl refuses as a lint error and drops the rule
 * (`Util::compile_regexp` returns `(undef, $err)`); we do the same with this error, so the
 * caller can turn it into a diagnostic with file and line. It is also thrown for the few
 * constructs Perl accepts but that have no exact JavaScript equivalent (the `code` tells which).
 */

/**
 * Why a pattern could not be translated.
 *
 * - `perl-syntax`: Perl itself rejects the pattern (or SpamAssassin does, because Perl warned:
 *   SA's `compile_regexp` turns every non-deprecation warning into an error).
 * - `unsupported`: Perl accepts it, but the feature has no exact V8 form (`\G`, `\K`, `\X`,
 *   `\p{..}`, recursion, conditionals, verbs, `(?u)`/`(?l)`/`(?a)` charsets, ...).
 * - `case-insensitive-backreference`: a backreference under `/i` in a pattern that also has
 *   case-sensitive letters; V8 11 has no scoped modifiers, so no single RegExp can be exact.
 * - `backreference`: a backreference whose group may be unset or reset when it is reached;
 *   Perl then fails the backreference while JavaScript matches the empty string.
 * - `input`: the pattern text is not a Latin-1 "binary" string (a char above U+00FF).
 */
export type RegexErrorCode =
  | 'perl-syntax'
  | 'unsupported'
  | 'case-insensitive-backreference'
  | 'backreference'
  | 'input';

/** Thrown by {@link translatePerlRegex} for patterns Perl rejects or that we cannot translate exactly. */
export class RegexTranslateError extends Error {
  /** Machine-readable category, see {@link RegexErrorCode}. */
  readonly code: RegexErrorCode;
  /** Offset in the pattern text (after the `(?flags)` prefix is removed) where the problem was seen. */
  readonly offset: number | undefined;

  /**
   * @param message - human-readable reason, worded like Perl's own message where Perl rejects
   * @param code - category of the failure
   * @param offset - position in the pattern text, if known
   */
  constructor(message: string, code: RegexErrorCode, offset?: number) {
    super(message);
    this.name = 'RegexTranslateError';
    this.code = code;
    this.offset = offset;
  }
}
