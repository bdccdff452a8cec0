/**
 * IP-based DNS lists of the stock rules (20_dnsbl_tests.cf, 20_mailspike.cf, 25_dnswl.cf,
 * 72_active.cf), named exactly as the rules query them, with the return codes each rule
 * variant looks for.
 *
 * Addresses: untrusted senders are in 198.18.113.0/24 and the trusted forwarder in
 * 198.19.100.0/28 (198.18.0.0/15 is reserved for benchmarking, so never a real host). Not the
 * documentation ranges: the stock RCVD_ILLEGAL_IP rule flags 192.0.2/24, 198.51.100/24 and
 * 203.0.113/24 in Received headers, which would add 1.3 points to every fixture. SpamAssassin
 * never queries the ranges of its IP_PRIVATE (10/8, 127/8, 169.254/16, 172.16/12, 192.168/16,
 * 100.64/10, IPv6 link-local and loopback); a listing for 192.168.7.7 below proves it: the
 * fixture relayed through it must not ask. IPv6 relays use 2001:db8::/32, which SA does query.
 *
 * Which fixture uses which address is noted beside it (fixtures/network/README.md lists them).
 */
import type { Zone } from '../dns-server.js';
import { rev } from './names.js';

const a = (...codes: string[]) => ({ A: codes });

export const DNSBL_ZONES: Zone[] = [
  {
    apex: 'zen.spamhaus.org',
    names: {
      [rev('198.18.113.10')]: a('127.0.0.2'), // SBL
      [rev('198.18.113.11')]: a('127.0.0.3'), // SBL-CSS
      [rev('198.18.113.12')]: a('127.0.0.4'), // XBL
      [rev('198.18.113.13')]: a('127.0.0.10'), // PBL
      [rev('198.18.113.15')]: a('127.0.0.2', '127.0.0.4', '127.0.0.11'), // several lists at once
      [rev('198.18.113.16')]: a('127.255.255.254'), // "query blocked: open resolver"
      [rev('198.18.113.60')]: a('127.0.0.2', '127.0.0.4'), // listed, but deeper in the chain
      [rev('198.18.113.70')]: a('127.0.0.2', '127.0.0.10'), // X-Originating-IP
      [rev('198.18.113.81')]: a('127.0.0.2', '127.0.0.3'), // NS host of a URI domain
      [rev('198.18.113.82')]: a('127.0.0.2', '127.0.0.3'), // A record of a URI domain
      [rev('198.18.113.83')]: a('127.0.0.2'), // IP literal in a URI
      [rev('198.18.113.90')]: a('127.0.0.2', '127.0.0.4'), // nearest hop of an 11-hop chain
      [rev('198.18.113.100')]: a('127.0.0.10'), // oldest hop of the 11-hop chain
      [rev('198.19.100.5')]: a('127.0.0.11'), // trusted (not internal) forwarder
      [rev('192.168.7.7')]: a('127.0.0.2'), // private: never queried
      [rev('2001:db8:1::25')]: a('127.0.0.2'), // IPv6 relay
      // A non-127 answer is not a listing (SA's process_dnsbl_result skips it).
      [rev('198.18.113.17')]: a('192.0.2.1', '127.0.0.3'),
    },
  },
  {
    apex: 'bl.spamcop.net',
    names: {
      [rev('198.18.113.20')]: {
        A: ['127.0.0.2'],
        TXT: ['Blocked - see https://www.spamcop.net/bl.shtml?198.18.113.20'],
      },
      // Listed, but the TXT lacks the word the rule's subtest looks for.
      [rev('198.18.113.21')]: { A: ['127.0.0.2'], TXT: ['Listed by a fixture list'] },
    },
  },
  {
    apex: 'list.dnswl.org',
    names: {
      [rev('198.18.113.30')]: a('127.0.5.0'), // trust none
      [rev('198.18.113.31')]: a('127.0.5.1'), // low
      [rev('198.18.113.32')]: a('127.0.5.2'), // medium
      [rev('198.18.113.33')]: a('127.0.15.3'), // high
      [rev('198.18.113.62')]: a('127.0.5.3'), // high, but deeper in the chain
      [rev('198.19.100.5')]: a('127.0.5.2'), // the trusted forwarder
    },
  },
  { apex: 'psbl.surriel.com', names: { [rev('198.18.113.40')]: a('127.0.0.2') } },
  {
    apex: 'bl.mailspike.net',
    names: {
      [rev('198.18.113.41')]: a('127.0.0.2'), // Z (worst reputation)
      [rev('198.18.113.42')]: a('127.0.0.10'), // L5
      [rev('198.18.113.43')]: a('127.0.0.13'), // L2
    },
  },
  {
    apex: 'wl.mailspike.net',
    names: {
      [rev('198.18.113.44')]: a('127.0.0.20'), // H5
      [rev('198.18.113.45')]: a('127.0.0.17'), // H2
    },
  },
  { apex: 'bl.score.senderscore.com', names: { [rev('198.18.113.50')]: a('127.0.4.1') } },
  { apex: 'sa-trusted.bondedsender.org', names: { [rev('198.18.113.51')]: { TXT: ['Certified sender (fixture)'] } } },
  { apex: 'sa-accredit.habeas.com', names: { [rev('198.18.113.51')]: { TXT: ['Safe sender (fixture)'] } } },
  { apex: 'iadb.isipp.com', names: { [rev('198.18.113.53')]: a('127.0.1.255', '127.3.100.6') } },
];
