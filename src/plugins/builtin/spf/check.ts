/**
 * The SPF results of one message, as SA 4.0.1's `_check_spf` leaves them in `$pms->{spf_*}`:
 * for the envelope sender (`mfrom`) and for the HELO name, each computed once and shared by
 * every SPF rule. A result written by an internal relay (see {@link headerSpf}) is used as is;
 * otherwise, with network tests on, the query goes to DNS through mailauth's SPF evaluator
 * (Mail::SPF's role in SA), its lookups made by the scan's resolver.
 */
// mailauth's SPF evaluator through the entry point its README documents (`mailauth/lib/spf`),
// imported on first use: loading it (with its validation library) took ~140–270 ms of every
// process's start-up, and only scans with network tests run it.
import type * as MailauthSpf from 'mailauth/lib/spf/index.js';
import { expandSpfMacro } from './macro.js';
import type { NetContext } from '../../../net/types.js';
import type { EvalContext } from '../../types.js';
import { headerSpf, type SpfResult } from './received-spf.js';
import { spfRelay, spfSender } from './sender.js';
import { numSetting, withTimeout } from './settings.js';

export type { SpfResult } from './received-spf.js';

let spfModule: Promise<typeof MailauthSpf> | undefined;
/** mailauth's SPF module, imported once. */
const loadSpf = (): Promise<typeof MailauthSpf> => (spfModule ??= import('mailauth/lib/spf/index.js'));

/**
 * One identity's outcome: `checked` is SA's `spf_checked` / `spf_helo_checked` (a check was
 * made, even one that was skipped), `result` the flag that was set, if any.
 */
export interface SpfOutcome {
  readonly checked: boolean;
  readonly result: SpfResult | undefined;
  /** `spf_failure_comment`: for a DNS `fail`, "SPF failed: " and the domain's explanation. */
  readonly failureComment?: string;
}

const UNCHECKED: SpfOutcome = { checked: false, result: undefined };
const NO_RESULT: SpfOutcome = { checked: true, result: undefined };

/** mailauth's result names → SA's flags (Mail::SPF's `error` counts as a temperror). */
const RESULTS: Readonly<Record<string, SpfResult>> = {
  pass: 'pass',
  neutral: 'neutral',
  none: 'none',
  fail: 'fail',
  softfail: 'softfail',
  permerror: 'permerror',
  temperror: 'temperror',
  error: 'temperror',
};

/** A HELO SA will not check: an IPv4 literal (bracketed or not) or a name without a dot. */
const UNCHECKABLE_HELO = /^(?:[[!]?\d+\.\d+\.\d+\.\d+[\]!]?|[^.]+)(?=\n?$)/;

async function query(ctx: EvalContext, scope: 'mfrom' | 'helo'): Promise<SpfOutcome> {
  const net = ctx.net!;
  const relay = spfRelay(ctx);
  if (!relay) return NO_RESULT; // no suitable relay: checked, nothing set
  const helo = relay.helo;
  let identity: string;
  if (scope === 'helo') {
    if (!helo || UNCHECKABLE_HELO.test(helo)) return NO_RESULT;
    identity = `postmaster@${helo}`;
  } else {
    const sender = spfSender(ctx);
    if (!sender) return NO_RESULT;
    identity = sender;
  }
  const resolver = (name: string, rrtype: string) => net.resolver.resolve(name, rrtype as Parameters<typeof net.resolver.resolve>[1]);
  const { spf } = await loadSpf();
  try {
    const r = await withTimeout(
      // SA builds its Mail::SPF server with max_dns_interactive_terms => 20 (RFC 7208 says 10)
      spf({ sender: identity, ip: relay.ip, helo: helo || 'unknown', mta: 'localhost', maxResolveCount: 20, resolver: resolver as never }),
      numSetting(ctx, 'spf_timeout', 5),
      undefined,
    );
    if (r === undefined) {
      net.diagnostic('net-client', `spf: ${scope} lookup for ${identity} timed out`);
      return NO_RESULT;
    }
    const result = RESULTS[r.status.result];
    if (result !== 'fail') return { checked: true, result };
    const why = await explanation(net, (r as { rr?: string }).rr, { sender: identity, ip: relay.ip, helo: helo || 'unknown' });
    return { checked: true, result, failureComment: `SPF failed: ${why.replace(/[\t\n\x0b\f\r ]+/g, ' ')}` };
  } catch (err) {
    // SA: "spf: lookup failed" is a warning, the check counts as done with no flag set
    net.diagnostic('net-client', `spf: ${scope} lookup failed: ${err instanceof Error ? err.message : String(err)}`, 'warning');
    return NO_RESULT;
  }
}

/** Mail::SPF's default authority explanation, used when the record has no usable `exp=`. */
const DEFAULT_EXPLANATION = 'Rejected by SPF record';

/**
 * The explanation of a `fail` (Mail::SPF's `authority_explanation`): the record's `exp=` domain,
 * macro-expanded, must hold exactly one TXT record, whose macros are expanded in turn; anything
 * else gives the default text (RFC 7208 section 6.2).
 */
async function explanation(net: NetContext, record: string | undefined, vars: { sender: string; ip: string; helo: string }): Promise<string> {
  const exp = record ? /(?:^|[\t ])exp=([^\t ]+)/i.exec(record)?.[1] : undefined;
  if (!exp) return DEFAULT_EXPLANATION;
  try {
    const name = expandSpfMacro(exp, { ...vars, receiver: 'localhost' }).replace(/\.$/, '');
    const answer = await net.dns(name, 'TXT');
    if (answer.status !== 'ok' || answer.records.length !== 1) return DEFAULT_EXPLANATION;
    return expandSpfMacro(answer.records[0]!, { ...vars, receiver: 'localhost' });
  } catch {
    return DEFAULT_EXPLANATION;
  }
}

/**
 * The outcome for `scope`: a plain value when known without waiting (a header result, no
 * network), else a promise. Local-only scans (`ctx.net` undefined) never query, as SA does
 * when DNS is not available: the identity then stays unchecked.
 */
export function spfOutcome(ctx: EvalContext, scope: 'mfrom' | 'helo'): SpfOutcome | Promise<SpfOutcome> {
  const fromHeader = headerSpf(ctx)[scope];
  if (fromHeader !== undefined) return { checked: true, result: fromHeader };
  if (!ctx.net) return UNCHECKED;
  return ctx.memo(`spf:dns:${scope}`, () => query(ctx, scope));
}

/** Applies `fn` to an outcome that may still be on its way. */
export function onOutcome<T>(o: SpfOutcome | Promise<SpfOutcome>, fn: (o: SpfOutcome) => T): T | Promise<T> {
  return o instanceof Promise ? o.then(fn) : fn(o);
}
