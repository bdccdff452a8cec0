/**
 * How a DNS-list answer is tested: the `subtest` argument of check_rbl* and check_rbl_sub, and
 * which records of an answer are looked at (`PerMsgStatus::process_dnsbl_result` and
 * `check_subtest` in SA 4.0.1's Dns.pm).
 */
import { translatePerlRegex } from '../../../compile/regex/translate.js';
import type { DnsAnswer } from '../../../net/types.js';

/**
 * A parsed subtest. SA 4.0.1 knows three forms and nothing else (no CIDR, no ranges):
 * a decimal number is a bitmask, a dotted quad an exact answer, anything else a Perl regex.
 */
export type Subtest =
  | { readonly kind: 'exact'; readonly ip: string }
  | { readonly kind: 'mask'; readonly mask: bigint }
  | { readonly kind: 'regex'; readonly re: RegExp };

/** Why a subtest cannot be used: SA then launches no lookup for the rule (or skips the sub-rule). */
export type SubtestError = { readonly error: string };

const UV_MAX = (1n << 64n) - 1n;

/**
 * Parses a subtest as `do_rbl_lookup` / `_init_rbl_subs` do: `sb:` (SenderBase) is refused,
 * `^\d+(\.\d+\.\d+\.\d+)?$` stays a number or an address, the rest compiles as a regex written
 * without delimiters (`compile_regexp($subtest, 0)`).
 */
export function parseSubtest(text: string): Subtest | SubtestError {
  if (text.startsWith('sb:')) return { error: 'SenderBase rules are deprecated' };
  if (/^\d+(?:\.\d+\.\d+\.\d+)?\n?$/.test(text)) {
    // check_subtest tells the two apart again by `^\d+$`; a big number saturates like Perl's UV.
    if (/^\d+\n?$/.test(text)) {
      const n = BigInt(text.trim());
      return { kind: 'mask', mask: n > UV_MAX ? UV_MAX : n };
    }
    return { kind: 'exact', ip: text };
  }
  try {
    const t = translatePerlRegex(text, '');
    return { kind: 'regex', re: new RegExp(t.js.source, t.js.flags) };
  } catch (e) {
    return { error: `invalid subtest regexp '${text}': ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** `Util::my_inet_aton` of a `127.d.d.d` answer. */
function inetAton(ip: string): bigint {
  return ip.split('.').reduce((n, octet) => (n << 8n) | (BigInt(octet) & 0xffn), 0n);
}

/**
 * `check_subtest`: whether one record (an address, or a TXT string) passes a subtest. A bitmask
 * only applies to answers inside 127.0.0.0/8 (bug 6803); an exact subtest compares strings.
 */
export function subtestMatches(record: string, subtest: Subtest): boolean {
  switch (subtest.kind) {
    case 'regex':
      return subtest.re.test(record);
    case 'mask':
      return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}\n?$/.test(record) && (inetAton(record.trim()) & subtest.mask) !== 0n;
    case 'exact':
      return subtest.ip === record;
  }
}

/**
 * The records of an answer that `process_dnsbl_result` tests: every TXT string, and only the
 * A records inside 127.0.0.0/8 (a list answering with a public address is misconfigured or
 * wildcarded, and SA ignores it).
 */
export function testedRecords(answer: DnsAnswer): readonly string[] {
  if (answer.status !== 'ok') return [];
  if (answer.rrtype === 'TXT') return answer.records;
  if (answer.rrtype === 'A') return answer.records.filter((r) => r.startsWith('127.'));
  return [];
}

/**
 * Whether an answer makes a rule hit: a tested record passing the subtest, or any tested record
 * when the rule has none.
 */
export function answerHits(answer: DnsAnswer, subtest: Subtest | undefined): boolean {
  const records = testedRecords(answer);
  return subtest === undefined ? records.length > 0 : records.some((r) => subtestMatches(r, subtest));
}
