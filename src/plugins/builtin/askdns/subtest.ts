/**
 * AskDNS's answer filter (`AskDNS::parse_and_canonicalize_subtest` and the matching loop of
 * `process_response_packet`): a regular expression (`/…/flags`, `m{…}flags`), a quoted string
 * (exact text), a list of DNS status codes (`[NXDOMAIN, ServFail, 4]`) or a numeric test
 * (mask, range, value/mask, exact address), as URIDNSBL's sub-tests.
 */
import { compilePattern } from '../../../compile/pattern.js';
import { canonicalizeNumericSubtest, inetAton, numericSubtestMatch } from '../uridnsbl/subtest.js';

/** A parsed filter. */
export type AskDnsSubtest =
  | { readonly kind: 'regexp'; readonly re: RegExp }
  | { readonly kind: 'rcodes'; readonly rcodes: ReadonlySet<number> }
  /** A quoted string, or the canonical numeric form (compared as text first, as SA does). */
  | { readonly kind: 'value'; readonly value: string };

/** DNS status names SA knows (`%rcode_value`). */
export const RCODE_VALUE: Readonly<Record<string, number>> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
  BADSIG: 16,
  BADKEY: 17,
  BADTIME: 18,
  BADMODE: 19,
  BADNAME: 20,
  BADALG: 21,
  BADTRUNC: 22,
};

/** Parses a filter as SA does; undefined when SA refuses it (the askdns line is then invalid). */
export function parseAskDnsSubtest(text: string): AskDnsSubtest | undefined {
  if (/^\/[\s\S]+\/[a-z]*$/.test(text) || /^m(\W)[\s\S]+(\W)[a-z]*$/.test(text)) {
    const r = compilePattern(text);
    if (!r.ok) return undefined;
    return { kind: 'regexp', re: new RegExp(r.pattern.js.source, r.pattern.js.flags) };
  }
  const quoted = /^(["'])([\s\S]*)\1$/.exec(text);
  if (quoted) return { kind: 'value', value: quoted[2]! };
  const list = /^\[((?:[A-Z]+|\d+)(?:[\t\n\x0b\f\r ]*,[\t\n\x0b\f\r ]*(?:[A-Z]+|\d+))*)\]$/i.exec(text);
  if (list) {
    const rcodes = new Set<number>();
    for (const item of list[1]!.toUpperCase().split(/[\t\n\x0b\f\r ]*,[\t\n\x0b\f\r ]*/)) {
      const v = item in RCODE_VALUE ? RCODE_VALUE[item]! : /^\d+$/.test(item) ? Number(item) : undefined;
      if (v === undefined) return undefined;
      rcodes.add(v);
    }
    return { kind: 'rcodes', rcodes };
  }
  const value = canonicalizeNumericSubtest(text, 'loose');
  return value === undefined ? undefined : { kind: 'value', value };
}

/** One answer record as the filter sees it: its type and SA's text of it. */
export interface AskDnsRecord {
  readonly type: string;
  readonly text: string;
}

/**
 * The records of a response that match, in answer order (`process_response_packet`'s loop,
 * each match an `askdns_hit`): an rcode list looks at the status only, so it matches every
 * record; otherwise the status must be NOERROR and a record of an accepted type must pass the
 * filter (no filter: any such record). An empty answer is looked at once, as no record
 * (undefined), which only an rcode list can match.
 *
 * @param rcode - the response's status code
 * @param records - the answer section ([] for an empty answer)
 * @param answerTypes - the accepted record types (`ANY` accepts all)
 */
export function askDnsMatchingRecords(
  subtest: AskDnsSubtest | undefined,
  rcode: number,
  records: readonly AskDnsRecord[],
  answerTypes: readonly string[],
): (AskDnsRecord | undefined)[] {
  const looked: (AskDnsRecord | undefined)[] = records.length > 0 ? [...records] : [undefined];
  return looked.filter((rr) => recordMatches(subtest, rcode, rr, answerTypes));
}

/** Whether a response matches: some record does ({@link askDnsMatchingRecords}). */
export function askDnsMatches(
  subtest: AskDnsSubtest | undefined,
  rcode: number,
  records: readonly AskDnsRecord[],
  answerTypes: readonly string[],
): boolean {
  return askDnsMatchingRecords(subtest, rcode, records, answerTypes).length > 0;
}

/** One turn of `process_response_packet`'s loop: does this record (or no record) match? */
function recordMatches(subtest: AskDnsSubtest | undefined, rcode: number, rr: AskDnsRecord | undefined, answerTypes: readonly string[]): boolean {
  if (subtest?.kind === 'rcodes') return subtest.rcodes.has(rcode);
  if (rcode !== 0 || rr === undefined) return false;
  if (!answerTypes.some((t) => t === 'ANY' || t === rr.type)) return false;
  if (subtest === undefined) return true;
  if (subtest.kind === 'regexp') {
    subtest.re.lastIndex = 0;
    return subtest.re.test(rr.text);
  }
  if (rr.text === subtest.value) return true;
  return rr.type === 'A' && /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(rr.text) && numericSubtestMatch(subtest.value, inetAton(rr.text)) === true;
}
