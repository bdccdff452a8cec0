/**
 * WLBLEval: SpamAssassin's `Plugin::WLBLEval` evals — the user welcome/block lists
 * (`welcomelist_from`, `blocklist_to`, `welcomelist_from_rcvd` …, old whitelist/blacklist names
 * included), named address lists (`enlist_addrlist`), URI host lists (`enlist_uri_host`) and
 * the envelope-sender/relay domain match.
 */
import type { EvalContext } from '../types.js';
import ipaddr from 'ipaddr.js';
import type { Relay } from '../../message/relays/index.js';
import { lc, quotemeta } from '../../perl/strings.js';
import { splitDomain } from '../../message/registry-boundaries.js';
import { allFromAddrs, allToAddrs } from './wlbl-eval/addresses.js';
import { confLists, inAddrList, type ConfLists, type RcvdEntry, type WlblContext } from './wlbl-eval/lists.js';
import { uriHostsEnlisted } from './wlbl-eval/uri-hosts.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

/** The relays `*_from_rcvd` entries are checked against: the last untrusted, else all trusted. */
function rcvdRelays(ctx: WlblContext): readonly Relay[] {
  const r = ctx.model.relays();
  if (r.numRelaysUntrusted > 0) return [r.relaysUntrusted[0]!];
  return r.relaysTrusted;
}

/** NetAddr::IP-style containment of a relay IP in `addr[/len]`; undefined when either is unparseable. */
function ipContains(range: string, ip: string): boolean | undefined {
  let relayIp: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    relayIp = ipaddr.parse(ip);
  } catch {
    return undefined;
  }
  let net: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    net = range.includes('/') ? ipaddr.parseCIDR(range) : [ipaddr.parse(range), range.includes(':') ? 128 : 32];
  } catch {
    return undefined;
  }
  if (net[0].kind() !== relayIp.kind()) return false;
  return relayIp.match(net);
}

/** Whether a `*_from_rcvd` domain/IP entry matches a relay. */
function relayMatches(domain: string, relay: Relay): boolean {
  const bracket = /^\[([\s\S]*)\](\/\d{1,3})?$/.exec(domain);
  if (!bracket) return new RegExp(`(?:^|\\.)${quotemeta(domain)}(?=\\n?$)`, 'i').test(relay.lc_rdns);
  let wlIp = bracket[1]!;
  if (bracket[2] !== undefined) wlIp += bracket[2];
  const rlyIp = relay.ip;
  if (rlyIp === '') return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(wlIp)) return wlIp === rlyIp;
  if (/^[\d.]+$/.test(wlIp)) return rlyIp.startsWith(wlIp.replace(/\.*$/, '.')); // classful subnet
  return ipContains(wlIp, rlyIp) === true;
}

/** `_check_welcomelist_rcvd`: 1 (listed and relayed right), -1 (listed, wrong relay), 0. */
function checkRcvd(ctx: WlblContext, list: ReadonlyMap<string, RcvdEntry>, addrIn: string): number {
  const relays = rcvdRelays(ctx);
  if (!relays.length) return 0;
  const addr = lc(addrIn);
  let forged = 0;
  for (const entry of list.values()) {
    for (const domain of entry.domains) {
      if (!entry.re.test(addr)) continue;
      if (relays.some((r) => relayMatches(domain, r))) return 1;
      forged = -1;
    }
  }
  if (forged) {
    const allows = ctx.settings.addr.get('welcomelist_allows_relays');
    if (allows) for (const re of allows.values()) if (re.test(addr)) return 0;
  }
  return forged;
}

/** `_check_from_in_welcomelist`: 1, -1 (forged: listed by rcvd, wrong relay) or 0. */
const fromInWelcomelist = (ctx: WlblContext): number =>
  ctx.memo('wlbl:from_in_welcomelist', () => {
    const lists = ctx.settings;
    let found = 0;
    for (const a of allFromAddrs(ctx)) {
      if (inAddrList(lists.addr.get('welcomelist_from'), a)) return 1;
      const wh = checkRcvd(ctx, lists.rcvd.get('welcomelist_from_rcvd')!, a);
      if (wh === 1) return 1;
      if (wh === -1) found = -1;
    }
    return found;
  });

/** `_check_from_in_default_welcomelist`. */
const fromInDefaultWelcomelist = (ctx: WlblContext): number =>
  ctx.memo('wlbl:from_in_default_welcomelist', () => {
    const lists = ctx.settings;
    let found = 0;
    for (const a of allFromAddrs(ctx)) {
      const wh = checkRcvd(ctx, lists.rcvd.get('def_welcomelist_from_rcvd')!, a);
      if (wh === 1) return 1;
      if (wh === -1) found = -1;
    }
    return found;
  });

/** Any sender / recipient address in a named address list. */
const fromIn = (ctx: WlblContext, list: string) => {
  const l = ctx.settings.addr.get(list);
  return allFromAddrs(ctx).some((a) => inAddrList(l, a)) ? 1 : 0;
};
const toIn = (ctx: WlblContext, list: string) => {
  const l = ctx.settings.addr.get(list);
  return allToAddrs(ctx).some((a) => inAddrList(l, a)) ? 1 : 0;
};

/** A named list: an address list, or (exact entries only) a `*_from_rcvd` list, as SA's `$conf->{$list}`. */
function namedListHas(ctx: WlblContext, list: string, addr: string): boolean {
  const lists = ctx.settings;
  const rcvd = lists.rcvd.get(list);
  if (rcvd) return rcvd.has(lc(addr));
  return inAddrList(lists.addr.get(list), addr);
}

/**
 * `check_uri_host_listed`: a hit names the host that matched (`URI: host` or `URI: host (domain)`)
 * in the rule's report entry, as SA's `test_log` does.
 */
function uriHostListed(ctx: WlblContext, name: string): number {
  const matched = uriHostsEnlisted(ctx).get(name);
  if (matched === undefined) return 0;
  ctx.testLog(`URI: ${matched}`, undefined, 'latin1');
  return 1;
}

const checkFromInWelcomelist = (ctx: WlblContext) => (fromInWelcomelist(ctx) > 0 ? 1 : 0);
const checkFromInDefaultWelcomelist = (ctx: WlblContext) => (fromInDefaultWelcomelist(ctx) > 0 ? 1 : 0);
const checkForgedInWelcomelist = (ctx: WlblContext) =>
  fromInWelcomelist(ctx) < 0 && fromInDefaultWelcomelist(ctx) === 0 ? 1 : 0;
const checkForgedInDefaultWelcomelist = (ctx: WlblContext) =>
  fromInDefaultWelcomelist(ctx) < 0 && fromInWelcomelist(ctx) === 0 ? 1 : 0;

/** WLBLEval's evals by name. */
const WLBL_EVAL: EvalImpls<ConfLists> = {
  check_from_in_blocklist: (ctx) => fromIn(ctx, 'blocklist_from'),
  check_from_in_blacklist: (ctx) => fromIn(ctx, 'blocklist_from'),
  check_to_in_blocklist: (ctx) => toIn(ctx, 'blocklist_to'),
  check_to_in_blacklist: (ctx) => toIn(ctx, 'blocklist_to'),
  check_to_in_welcomelist: (ctx) => toIn(ctx, 'welcomelist_to'),
  check_to_in_whitelist: (ctx) => toIn(ctx, 'welcomelist_to'),
  check_to_in_more_spam: (ctx) => toIn(ctx, 'more_spam_to'),
  check_to_in_all_spam: (ctx) => toIn(ctx, 'all_spam_to'),

  /** `enlist_addrlist (NAME)` lists (or any address-list setting by name) against the senders. */
  check_from_in_list: (ctx, list = '') => (allFromAddrs(ctx).some((a) => namedListHas(ctx, list, a)) ? 1 : 0),
  /** … against the recipients. */
  check_to_in_list: (ctx, list = '') => (allToAddrs(ctx).some((a) => namedListHas(ctx, list, a)) ? 1 : 0),
  /** … against the first Reply-To address. */
  check_replyto_in_list: (ctx, list = '') => {
    const replyto = ctx.message.getScalar('Reply-To:addr') ?? '';
    if (replyto === '') return 0;
    return namedListHas(ctx, list, replyto) ? 1 : 0;
  },

  check_from_in_welcomelist: checkFromInWelcomelist,
  check_from_in_whitelist: checkFromInWelcomelist,
  check_forged_in_welcomelist: checkForgedInWelcomelist,
  check_forged_in_whitelist: checkForgedInWelcomelist,
  check_from_in_default_welcomelist: checkFromInDefaultWelcomelist,
  check_from_in_default_whitelist: checkFromInDefaultWelcomelist,
  check_forged_in_default_welcomelist: checkForgedInDefaultWelcomelist,
  check_forged_in_default_whitelist: checkForgedInDefaultWelcomelist,

  /** __RP_MATCHES_RCVD: the envelope sender's registered domain is that of a relay's rDNS. */
  check_mailfrom_matches_rcvd: (ctx) => {
    const sender = ctx.message.getScalar('EnvelopeFrom:addr') ?? '';
    if (sender === '') return 0;
    const m = /@([^@]+\.[^@]+)$/.exec(sender);
    if (!m) return 0;
    const relays = rcvdRelays(ctx);
    if (!relays.length) return 0;
    const b = ctx.tlds;
    const adrd = splitDomain(b, lc(m[1]!))[1];
    for (const r of relays) {
      if (r.lc_rdns === '') continue;
      if (adrd === splitDomain(b, r.lc_rdns)[1]) return 1;
    }
    return 0;
  },

  /** A URI host (or DKIM domain) of the message is in the named `enlist_uri_host` list. */
  check_uri_host_listed: (ctx, name = '') => uriHostListed(ctx, name),
  check_uri_host_in_blocklist: (ctx) => uriHostListed(ctx, 'BLOCK'),
  check_uri_host_in_blacklist: (ctx) => uriHostListed(ctx, 'BLOCK'),
  check_uri_host_in_welcomelist: (ctx) => uriHostListed(ctx, 'WELCOME'),
  check_uri_host_in_whitelist: (ctx) => uriHostListed(ctx, 'WELCOME'),
};

/** `Mail::SpamAssassin::Plugin::WLBLEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const WLBL_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('WLBLEval'),
  settings: confLists,
  evals: saEvals('WLBLEval', WLBL_EVAL),
});
