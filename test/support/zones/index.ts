/**
 * The zones of the network differential test: every list the stock rules query, our own lists
 * for the extra rules of fixtures/network/test.cf, and the domains the fixtures name. Any other
 * name is NXDOMAIN.
 */
import type { Zone } from '../dns-server.js';
import { ASKDNS_ZONES } from './askdns.js';
import { DNSBL_ZONES } from './dnsbl.js';
import { DOMAIN_ZONES } from './domains.js';
import { LOCAL_ZONES } from './local.js';
import { URIBL_ZONES } from './uribl.js';

export const NETWORK_ZONES: readonly Zone[] = [...DNSBL_ZONES, ...URIBL_ZONES, ...ASKDNS_ZONES, ...LOCAL_ZONES, ...DOMAIN_ZONES];
