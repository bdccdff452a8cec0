/**
 * RelayEval: SpamAssassin's `Plugin::RelayEval` evals, predicates over the relay lists the
 * Received parser builds (`relays_trusted`, `relays_untrusted`, their strings and counts).
 */
import type { EvalContext } from '../types.js';
import { IP_PRIVATE } from '../../message/relays/ip-patterns.js';
import type { RelayInfo } from '../../message/relays/index.js';
import { perlRegExp } from './perl-regexp.js';
import { splitDots } from '../../perl/strings.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const V4_OCTET = '(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)';
/** `IPV4_ADDRESS` (unanchored, with its \b bounds). */
const IPV4_ADDRESS = `\\b${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}\\.${V4_OCTET}\\b`;
/** `IS_IPV4_ADDRESS` / `IS_IP_PRIVATE`: anchored, Perl `$` allowing a final newline. */
const IS_IPV4 = new RegExp(`^${IPV4_ADDRESS}(?=\\n?$)`);
const IS_PRIVATE = new RegExp(`^(?:${IP_PRIVATE})(?=\\n?$)`);

const relays = (ctx: EvalContext): RelayInfo => ctx.model.relays();

/** RelayEval's `hostname_to_domain`: the last two labels (three for short ccTLD-like endings). */
function hostnameToDomain(hostname: string): string {
  if (!/[a-zA-Z]/.test(hostname)) return hostname; // an IP address
  const parts = splitDots(hostname);
  if (parts.length > 1 && /[^\t\n\x0b\f\r ]{3,}|ie|fr|de/.test(parts[parts.length - 1]!)) return parts.slice(-2).join('.');
  if (parts.length > 2) return parts.slice(-3).join('.');
  return hostname;
}

const DOMAINISH = /^\w+(?:[\w.-]+\.)+\w+(?=\n?$)/;

/** `_check_for_forged_received`: [mismatch_from, mismatch_ip_helo]. */
function forgedReceived(ctx: EvalContext): [number, number] {
  return ctx.memo('re:forged', (): [number, number] => {
    const untrusted = relays(ctx).relaysUntrusted;
    let mismatchFrom = 0;
    let mismatchIpHelo = 0;
    const fromip = untrusted.map((r) => r.ip);
    const by = untrusted.map((r) => hostnameToDomain(r.lc_by));
    const from: (string | undefined)[] = untrusted.map((r) => hostnameToDomain(r.lc_rdns));
    const helo = untrusted.map((r) => hostnameToDomain(r.lc_helo));
    for (let i = 0; i < untrusted.length; i++) {
      if (!DOMAINISH.test(by[i]!)) continue;
      if (from[i] !== undefined && /^localhost(?:\.localdomain)?(?=\n?$)/.test(from[i]!) && fromip[i] === '127.0.0.1') {
        from[i] = undefined; // bouncing around inside one machine
      }
      const hlo = helo[i]!;
      const fip = fromip[i]!;
      if (/^\d+\.\d+\.\d+\.\d+(?=\n?$)/.test(hlo) && /^\d+\.\d+\.\d+\.\d+(?=\n?$)/.test(fip) && fip !== hlo) {
        const hclassb = /^(\d+\.\d+)\.\d+\.\d+(?=\n?$)/.exec(hlo)?.[1];
        const fclassb = /^(\d+\.\d+)\.\d+\.\d+(?=\n?$)/.exec(fip)?.[1];
        if (hclassb && fclassb && hclassb !== fclassb && !IS_PRIVATE.test(hlo)) mismatchIpHelo++;
      }
      const prev = i > 0 ? from[i - 1] : undefined;
      if (prev !== undefined && DOMAINISH.test(prev) && by[i] !== prev && !(by[i] === 'msn.com' && prev === 'hotmail.com')) {
        mismatchFrom++;
      }
    }
    return [mismatchFrom, mismatchIpHelo];
  });
}

const DOTCOM_HELO = /(?:\.|^)(lycos\.com|lycos\.co\.uk|hotmail\.com|localhost\.com|excite\.com|caramail\.com|cs\.com|aol\.com|msn\.com|yahoo\.com|drizzle\.com)(?=\n?$)/i;

/** RelayEval's evals by name. */
const RELAY_EVAL: EvalImpls = {
  /** ALL_TRUSTED: at least one trusted relay, no untrusted and no unparseable ones. */
  check_all_trusted: (ctx) => {
    const r = relays(ctx);
    return r.numRelaysTrusted > 0 && r.numRelaysUntrusted === 0 && r.numRelaysUnparseable === 0 ? 1 : 0;
  },

  /** NO_RELAYS: no relay of any kind. */
  check_no_relays: (ctx) => {
    const r = relays(ctx);
    return r.numRelaysTrusted === 0 && r.numRelaysUntrusted === 0 && r.numRelaysUnparseable === 0 ? 1 : 0;
  },

  /** __UNPARSEABLE_RELAY_COUNT. */
  check_relays_unparseable: (ctx) => (relays(ctx).numRelaysUnparseable ? 1 : 0),

  /**
   * An untrusted relay HELO'd with an IPv4 literal. SA means "a public one", but its test
   * `$1 !~ IS_IP_PRIVATE` reads `$1` after `local $1`, which matching against a qr constant
   * leaves undef, so private literals count too (verified with SA 4.0.1).
   */
  check_for_numeric_helo: (ctx) => {
    const rcvd = relays(ctx).relaysUntrustedStr;
    if (!rcvd) return 0;
    return new RegExp(`\\bhelo=(${IPV4_ADDRESS})(?=[\\x00-\\x20,;[()<>]|$)`, 'i').test(rcvd) ? 1 : 0;
  },

  /** Retired in SA (bug 6295): never hits. */
  check_for_illegal_ip: () => 0,

  /** RCVD_HELO_IP_MISMATCH: a public IPv4 HELO outside the /24 of the connecting public IPv4. */
  helo_ip_mismatch: (ctx) => {
    for (const relay of relays(ctx).relaysUntrusted) {
      if (!IS_IPV4.test(relay.helo) || IS_PRIVATE.test(relay.helo)) continue;
      const prefix = /^(\d+\.\d+\.\d+\.)/.exec(relay.helo)?.[1];
      if (
        IS_IPV4.test(relay.ip) &&
        !IS_PRIVATE.test(relay.ip) &&
        relay.helo !== relay.ip &&
        prefix !== undefined &&
        relay.ip.indexOf(prefix) !== 0
      ) {
        return 1;
      }
    }
    return 0;
  },

  /** The oldest untrusted relay has an rDNS name with a dot and a public IP. */
  check_for_sender_no_reverse: (ctx) => {
    const u = relays(ctx).relaysUntrusted;
    const srcvd = u[u.length - 1];
    if (!srcvd) return 0;
    if (!srcvd.rdns.includes('.')) return 0;
    if (srcvd.ip_private) return 0;
    return 1;
  },

  /** The From domain appears as both rdns and by of a relay ('true') or not ('false'). */
  check_for_from_domain_in_received_headers: (ctx, domain = '', desired = '') => {
    const from = ctx.message.getScalar('From:addr') ?? '';
    // SA interpolates the domain into its patterns unquoted
    const fromRe = perlRegExp(`\\b${domain.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}`, 'i');
    if (!fromRe?.test(from)) return 0;
    const r = relays(ctx);
    const rcvd = `${r.relaysTrustedStr}\n${r.relaysUntrustedStr}`;
    const re = perlRegExp(` rdns=\\S*\\b${domain} [^\\]]*by=\\S*\\b${domain} `);
    const found = !!re?.test(rcvd);
    return (found ? desired === 'true' : desired !== 'true') ? 1 : 0;
  },

  /** NO_RDNS_DOTCOM_HELO: the last public untrusted relay HELO'd as a big dotcom and had no rDNS. */
  check_for_no_rdns_dotcom_helo: (ctx) =>
    ctx.memo('re:no_rdns_dotcom_helo', () => {
      let flag = 0;
      for (const r of relays(ctx).relaysUntrusted) {
        if (r.ip_private) continue;
        flag = 0; // SA resets the flag for every relay it looks at
        if (DOTCOM_HELO.test(r.helo) && r.no_reverse_dns) flag = 1;
      }
      return flag;
    }),

  /** __FORGED_RCVD_TRAIL: more than one relay whose `by` differs from the previous relay's rDNS. */
  check_for_forged_received_trail: (ctx) => (forgedReceived(ctx)[0] > 1 ? 1 : 0),

  /** FORGED_RCVD_IP_HELO: an IPv4 HELO in another /16 than the connecting IP. */
  check_for_forged_received_ip_helo: (ctx) => (forgedReceived(ctx)[1] > 0 ? 1 : 0),
};

/** `Mail::SpamAssassin::Plugin::RelayEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const RELAY_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('RelayEval'),
  evals: saEvals('RelayEval', RELAY_EVAL),
});
