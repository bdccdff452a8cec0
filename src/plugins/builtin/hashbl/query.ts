/**
 * One HashBL lookup (`_submit_query` / `_finish_query`): the value (or its hash) under the
 * list's zone, `/A` (default) or `/TXT` after the zone choosing the type, and the answer
 * matched against the rule's sub-test (default `^127\.`).
 */
import type { DnsAnswer, NetContext } from '../../../net/types.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { lc } from '../../../perl/strings.js';
import type { LookupGroup } from '../uridnsbl/lookup-group.js';
import { hashValue, type HashBlOptions } from './options.js';

const DEFAULT_SUBTEST = /^127\./;

/** What every query of one rule shares. */
export interface QueryRun {
  readonly net: NetContext;
  readonly rule: string;
  /** The list argument: `zone`, `zone/A` or `zone/TXT`. */
  readonly list: string;
  readonly opts: HashBlOptions;
  /** The rule's answer pattern; undefined for the default `^127\.`. */
  readonly subtest: RegExp | undefined;
  /** `hashbl_ignore`. */
  readonly ignore: ReadonlySet<string>;
  readonly group: LookupGroup;
  /** Adds a report line under the rule (`$pms->test_log($msg, $rulename)`). */
  log(message: string): void;
}

/** The name and type a query goes out as: `hash.zone`, the type taken off the list. */
export function hashBlQuery(hash: string, list: string): { name: string; type: 'A' | 'TXT' } {
  const m = /\/(A|TXT)$/i.exec(list);
  const zone = m ? list.slice(0, m.index) : list;
  const name = idnToAscii(`${hash}.${zone}`.replace(/\.+$/, ''), false);
  return { name, type: m ? (m[1]!.toUpperCase() as 'A' | 'TXT') : 'A' };
}

/**
 * Whether an answer lists the value (`_finish_query`). SA reads `$rr->address` of every
 * record, which Net::DNS refuses for TXT records: the callback dies there, so a TXT answer
 * never hits in SA 4.0.1 (reported as a diagnostic here).
 */
export function answerHits(answer: DnsAnswer, subtest: RegExp | undefined): boolean | 'txt' {
  if (answer.status !== 'ok' || answer.records.length === 0) return false;
  if (answer.rrtype !== 'A') return 'txt';
  const re = subtest ?? DEFAULT_SUBTEST;
  return answer.records.some((ip) => {
    re.lastIndex = 0;
    return re.test(ip);
  });
}

/**
 * Sends one query unless the value or its hash is in `hashbl_ignore`; true when it went out
 * (SA counts ignored values as launched too: see the callers).
 */
export function submitQuery(run: QueryRun, value: string, alreadyHashed = false): boolean {
  if (!alreadyHashed && run.ignore.has(lc(value))) return false;
  const hash = alreadyHashed ? value : hashValue(run.opts, value);
  if (run.ignore.has(lc(hash))) return false;
  const { name, type } = hashBlQuery(hash, run.list);
  run.group.track(run.net.dns(name, type, { rule: run.rule }), (answer) => {
    const hit = answerHits(answer, run.subtest);
    if (hit === 'txt') {
      run.net.diagnostic('dns-error', `hashbl: ${run.rule}: TXT answers cannot match (SA 4.0.1 reads only A records)`);
    } else if (hit) {
      // _finish_query logs the value asked about (not its hash), its `@` written `[at]`.
      run.log(value.replace(/@/g, '[at]'));
      run.group.hit(run.rule);
    }
  });
  return true;
}
