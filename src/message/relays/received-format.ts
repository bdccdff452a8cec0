/**
 * The shape of one entry in the Received-format tables, and the code that tries an entry
 * against a header line.
 *
 * SA's `parse_received_line` is a long run of `if (/pattern/) { $helo = $1; ...; goto enough }`
 * blocks. Here each block is data: a guard, a pattern, which capture feeds which field, and
 * what a match means. Blocks with extra inline logic carry it in `then`. Tables are tried in
 * SA's order; the first entry whose guard and pattern match decides the line.
 */

import { execPrefiltered } from './ip-prefilter.js';
import type { RelayFields } from './relay-record.js';

/** The relay fields a format can fill from a capture group. */
export type CapturedField = 'ip' | 'helo' | 'rdns' | 'by' | 'ident' | 'id' | 'envfrom';

/** The mutable extraction state of one line (SA's `my` variables in `parse_received_line`). */
export type LineState = RelayFields;

/**
 * What a matching entry means:
 * - `relay`: enough is known, build the relay (SA's `goto enough`);
 * - `skip`: the header is deliberately ignored (SA's `return 0`);
 * - `fetcher`: a POP/IMAP fetch marker — ignored, and the trust walk restarts its lists;
 * - `qmail-scanner`: ignored, but its envelope sender is handed to the next (older) relay.
 */
export type FormatOutcome = 'relay' | 'skip' | 'fetcher' | 'qmail-scanner';

/** One Received format (one SA `if` block). */
export interface ReceivedFormat {
  /** A short label naming the MTA or shape (used by tests and debugging). */
  readonly name: string;
  /** SA's cheap pre-test(s): the pattern is only tried when this (all of these) match. */
  readonly when?: RegExp | readonly RegExp[];
  /** A pre-test that must not match (SA's `unless`). */
  readonly unless?: RegExp;
  /** The pattern proper, run against the line after `from ` has been removed. */
  readonly pattern: RegExp;
  /**
   * A post-condition on the match; when false the entry counts as not matching. Used to split
   * a pattern that backtracks quadratically into a linear one plus an equivalent check.
   */
  readonly accept?: (match: RegExpExecArray) => boolean;
  /** Which capture group fills which field; an unmatched optional group gives ''. */
  readonly take?: Readonly<Partial<Record<CapturedField, number>>>;
  /** Sets SA's `$mta_looked_up_dns` on a match. */
  readonly dns?: boolean;
  /** What a match means (default `relay`). */
  readonly outcome?: FormatOutcome;
  /** SA's extra inline code for this block, run after `take`. */
  readonly then?: (match: RegExpExecArray, state: LineState) => void;
}

/**
 * A family of formats behind one guard. SA chains these with `elsif`, so only the first family
 * whose guard matches is tried; when none of its formats matches, parsing continues with the
 * general table (after the family's `fallback`, which may leave partial fields behind).
 */
export interface MtaFamily {
  /** The MTA the family describes. */
  readonly name: string;
  /** The `elsif` condition. */
  readonly when: RegExp;
  /** Its formats, in SA's order. */
  readonly formats: readonly ReceivedFormat[];
  /** Inline code after the formats (Exim's "match little bits" guesswork). */
  readonly fallback?: (line: string, state: LineState) => FormatOutcome | undefined;
}

function passes(when: RegExp | readonly RegExp[], line: string): boolean {
  return when instanceof RegExp ? when.test(line) : when.every((re) => re.test(line));
}

/** Tries one format; returns its outcome when it matched (fields already updated), else undefined. */
export function tryFormat(format: ReceivedFormat, line: string, state: LineState): FormatOutcome | undefined {
  if (format.when && !passes(format.when, line)) return undefined;
  if (format.unless && format.unless.test(line)) return undefined;
  const match = execPrefiltered(format.pattern, line);
  if (!match || (format.accept && !format.accept(match))) return undefined;
  if (format.take) {
    for (const [field, group] of Object.entries(format.take) as [CapturedField, number][]) {
      state[field] = match[group] ?? '';
    }
  }
  if (format.dns !== undefined) state.lookedUpDns = format.dns;
  format.then?.(match, state);
  return format.outcome ?? 'relay';
}

/** Tries formats in order; the first match decides. */
export function tryFormats(
  formats: readonly ReceivedFormat[],
  line: string,
  state: LineState,
): FormatOutcome | undefined {
  for (const format of formats) {
    const outcome = tryFormat(format, line, state);
    if (outcome) return outcome;
  }
  return undefined;
}

/**
 * SA's `$sub =~ s/helo=(\S+)// and $helo = $1; $sub =~ s/ident=(\S*)// and $ident = $1;` for the
 * `(helo=… ident=…)` comment of Exim-style headers: the helo token is cut out before the ident
 * search, so `helo=ident=x` yields no ident.
 */
export function takeHeloIdent(sub: string, state: LineState): void {
  let rest = sub;
  const helo = /helo=([^\t\n\v\f\r ]+)/.exec(rest);
  if (helo) {
    state.helo = helo[1]!;
    rest = rest.slice(0, helo.index) + rest.slice(helo.index + helo[0].length);
  }
  const ident = /ident=([^\t\n\v\f\r ]*)/.exec(rest);
  if (ident) state.ident = ident[1]!;
}
