/**
 * Lists the stock rules reach through AskDNS (`askdns` lines of 72_active.cf) and HashBL
 * (`GB_HASHBL_BTC`): new-domain lists on the author domain, the DKIM domain welcome list,
 * the Bitcoin address list (HashBL's `raw` option: the address itself, lower-cased).
 */
import type { Zone } from '../dns-server.js';

/** A made-up Bitcoin-shaped address (base58, no 0/O/I/l), listed below. */
export const LISTED_BTC_ADDRESS = '1FixtureSpamscoreTestAddrXYZ9kq';

export const ASKDNS_ZONES: Zone[] = [
  {
    apex: 'fresh.fmb.la',
    names: {
      'newdom-fixture.com': { A: ['127.2.0.2'] },
      'newdom-older-fixture.com': { A: ['127.2.0.14', '127.2.0.28'] },
    },
  },
  { apex: 'lookup.dkimwl.org', names: { 'dkimwl-fixture.com': { A: ['127.0.0.5'] } } },
  { apex: 'bl.btcblack.it', names: { [LISTED_BTC_ADDRESS.toLowerCase()]: { A: ['127.0.0.2'] } } },
];
