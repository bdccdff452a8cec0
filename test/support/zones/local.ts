/**
 * Our own lists under sa-fixtures.test, queried by the extra rules of fixtures/network/test.cf
 * (DNSEval, HashBL, URIDNSBL and AskDNS variants the stock rules do not use).
 */
import type { Zone } from '../dns-server.js';
import { rev, sha1 } from './names.js';

const a = (...codes: string[]) => ({ A: codes });

export const LOCAL_ZONES: Zone[] = [
  {
    // check_rbl_envfrom / _from_host / _from_domain / _headers / _rcvd
    apex: 'hostbl.sa-fixtures.test',
    names: {
      'envfrom-listed-fixture.com': a('127.0.0.2'),
      'mail.fromlisted-fixture.com': a('127.0.0.3'),
      'fromlisted-fixture.com': a('127.0.0.4'),
      'replyto-listed-fixture.net': a('127.0.0.5'),
      [rev('198.18.113.110')]: a('127.0.0.6'), // X-Source-IP
      'dialup-77.rcvdlisted-fixture.com': a('127.0.0.7'), // HELO of the oldest untrusted relay
    },
  },
  {
    // check_rbl_ns_from reads the SOA of the authority section: ns1.<apex> of the sender's zone.
    apex: 'nsbl.sa-fixtures.test',
    names: { 'ns1.nsfrom-fixture.com': a('127.0.0.2') },
  },
  { apex: 'accredit.sa-fixtures.test', names: { [rev('198.18.113.120')]: a('127.0.0.2') } },
  {
    apex: 'ipbl.sa-fixtures.test',
    names: {
      [rev('198.18.113.130')]: a('127.0.0.2'), // nearest of three untrusted hops
      [rev('198.18.113.132')]: a('127.0.0.4'), // the originating hop
      [rev('198.18.113.84')]: a('127.0.0.2'), // NS host address of a URI domain
    },
  },
  { apex: 'emailbl.sa-fixtures.test', names: { [sha1('spammer@hashed-fixture.com')]: a('127.0.0.2') } },
  { apex: 'urirhs.sa-fixtures.test', names: { 'rhs-listed-fixture.biz': a('127.0.0.2') } },
  { apex: 'nsrhs.sa-fixtures.test', names: { 'badns-provider-fixture.net': a('127.0.0.2') } },
  { apex: 'fullns.sa-fixtures.test', names: { 'ns1.badns-provider-fixture.net': a('127.0.0.2') } },
  { apex: 'txtbl.sa-fixtures.test', names: { 'askdns-author-fixture.org': { TXT: ['fixture-listed since 2025'] } } },
];
