/**
 * Domain-based lists of the stock rules (25_uribl.cf, 72_active.cf): URIBL and SURBL answer a
 * bitmask in the last octet, Spamhaus DBL one code per category. Owner names are the
 * registrable domains SA's URIDNSBL plugin asks for.
 */
import type { Zone } from '../dns-server.js';

const a = (...codes: string[]) => ({ A: codes });

export const URIBL_ZONES: Zone[] = [
  {
    apex: 'multi.uribl.com',
    names: {
      'uribl-black-fixture.com': a('127.0.0.2'), // black
      'uribl-multi-fixture.com': a('127.0.0.14'), // black + grey + red
    },
  },
  {
    apex: 'multi.surbl.org',
    names: {
      'surbl-all-fixture.net': a('127.0.0.216'), // PH 8 + MW 16 + ABUSE 64 + CR 128
      'surbl-ph-fixture.net': a('127.0.0.8'),
    },
  },
  {
    apex: 'dbl.spamhaus.org',
    names: {
      'dbl-spam-fixture.org': a('127.0.1.2'),
      'dbl-phish-fixture.org': a('127.0.1.4'),
      'dbl-malware-fixture.org': a('127.0.1.5'),
      'dbl-botnet-fixture.org': a('127.0.1.6'),
      'dbl-abuse-spam-fixture.org': a('127.0.1.102'),
      'dbl-abuse-redir-fixture.org': a('127.0.1.103'),
      'dbl-abuse-phish-fixture.org': a('127.0.1.104'),
    },
  },
  { apex: 'dob.sibl.support-intelligence.net', names: { 'newdomain-fixture.info': a('127.0.0.2') } },
];
