/**
 * The domains the fixture messages name: senders with their SPF policies, DKIM keys, DMARC
 * and ADSP records, HELO names, our own mail system, and the hosting of URI domains (NS and
 * A records the URIDNSBL plugin follows). Each domain is its own zone, so negative answers
 * carry its SOA.
 *
 * The DKIM keys are the public halves of fixtures/network/dkim/rsa*.pem (test-only keys);
 * scripts/make-network-fixtures.mjs checks they match.
 */
import type { RecordSet, Zone } from '../dns-server.js';

/** Public keys (base64 SubjectPublicKeyInfo) of fixtures/network/dkim/rsa{512,1024,2048}.pem. */
export const DKIM_PUBLIC_KEYS = {
  rsa512: 'MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALTp3K9cQiyoUS3O1ZP0nYh86WWOrnVPQQh1Z+uHqgeNrduDehDanHf79ACuq84Jgs2MRbJjxrPbvJZCLetNlGcCAwEAAQ==',
  rsa1024:
    'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDqXahSUys5BYIHLuZn4ry2hKkhelNgCToUdJ5OhdVMCDGtgMaxRr4YQe8Vw9IMkuYtW3YkGFc6C2MYs/f5W++5JDvnSxR4STZlKVsst8hYvlLYfjNdvnyNHXkD7uA7b4vSJq42ZWMtvjyYnmLxaWZExcucl86nHMlZTm01ZgAzdQIDAQAB',
  rsa2048:
    'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxRr4OS+PODckSb1LEU+Ti3pre4/UPaVuQPkFdgIpouooufoGzu7e+2gYxLgqwynWSq8QhxfR3Tyq98bvT0ec9/UIFaXOwWmMl05vpoNscYKd7B/kQbJxf/6NWjoUX1BuFejMU3kt2lGQu45WTJN3//mmmR3OTt+mB++u7eQEhAgEukSjDRYu62PlJvNf8UcHY+8qRr1Bev8NZ+zkrWzzGx7U6ktcgsxNyCzcpsVJPmzYFT/VM1olb741fxldLM9H5Qp91CyXI1TcOHv1S4aSy5178aBEkmuKxEbGLgn/fQL7zxqHjVmnczDqbpHHKNlO4x8AZl+GOZK3ME2+kJ54mwIDAQAB',
} as const;

/** A DKIM key record; a long key is split into 255-byte character-strings, as publishers do. */
function dkimKey(key: string): RecordSet {
  const text = `v=DKIM1; k=rsa; p=${key}`;
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 255) chunks.push(text.slice(i, i + 255));
  return { TXT: [chunks] };
}

/** SPF of a sender that relays through any of the fixture senders' addresses. */
const SPF_RELAYS = 'v=spf1 ip4:198.18.113.0/24 ip6:2001:db8::/32 -all';
/** SPF that no fixture relay matches. */
const SPF_ELSEWHERE = 'v=spf1 ip4:192.0.2.0/24 -all';

/**
 * A sender domain: an address, a mail exchanger, and the SPF record given (`null` for none).
 */
function domain(apex: string, spf: string | null, names: Record<string, RecordSet> = {}): Zone {
  const at = names['@'] ?? {};
  return {
    apex,
    names: {
      ...names,
      '@': {
        A: ['192.0.2.80'],
        MX: [{ preference: 10, exchange: `mx.${apex}` }],
        ...at,
        ...(spf === null ? {} : { TXT: [spf, ...(at.TXT ?? [])] }),
      },
      mx: { A: ['192.0.2.25'] },
    },
  };
}

export const DOMAIN_ZONES: Zone[] = [
  // Our own mail system (internal_networks 10.20.0.0/16).
  { apex: 'inbox-fixture.net', names: { '@': { MX: [{ preference: 10, exchange: 'mx1.inbox-fixture.net' }] }, mx1: { A: ['10.20.0.25'] }, store: { A: ['10.20.0.30'] } } },

  // Relays: every mx-N.relays-fixture.net HELO passes SPF through the wildcard, and has no
  // address (a wildcard answering TXT is NODATA for A); mx-2 has an address and its own SPF.
  domain('relays-fixture.net', SPF_RELAYS, {
    '*': { TXT: [SPF_RELAYS] },
    'mx-2': { A: ['198.18.113.2'], TXT: ['v=spf1 a -all'] },
  }),
  { apex: 'helofail-fixture.com', names: { mail: { A: ['192.0.2.1'], TXT: ['v=spf1 ip4:192.0.2.1 -all'] } } },

  // Generic senders.
  domain('sender-fixture.com', SPF_RELAYS),
  domain('nice-fixture.org', SPF_RELAYS),

  // SPF outcomes.
  domain('spf-pass-fixture.com', 'v=spf1 ip4:198.18.113.2 -all'),
  domain('spf-fail-fixture.com', SPF_ELSEWHERE),
  domain('spf-softfail-fixture.com', 'v=spf1 ip4:192.0.2.0/24 ~all'),
  domain('spf-neutral-fixture.com', 'v=spf1 ip4:192.0.2.0/24 ?all'),
  domain('spf-none-fixture.com', null),
  domain('spf-permerror-fixture.com', 'v=spf1 ip4:198.18.113.0/24 bogus:mechanism.example -all'),
  { apex: 'spf-temperror-fixture.com', names: { '@': { rcode: 'SERVFAIL' } } },
  domain('spf-include-fixture.com', 'v=spf1 mx include:_spf.esp-fixture.net -all'),
  domain('spf-onlyall-fixture.com', 'v=spf1 +all'),
  domain('spf-welcome-fixture.com', SPF_RELAYS),

  // DKIM.
  domain('dkim-fixture.com', SPF_RELAYS, {
    'sel2025._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa1024),
    'big2025._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa2048),
    'weak._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa512),
    'revoked._domainkey': { TXT: ['v=DKIM1; k=rsa; p='] },
  }),
  domain('esp-fixture.net', 'v=spf1 include:_spf.esp-fixture.net -all', {
    _spf: { TXT: ['v=spf1 ip4:198.18.113.0/25 -all'] },
    'esp._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa1024),
  }),
  domain('client-fixture.com', 'v=spf1 include:_spf.esp-fixture.net -all'),
  domain('dkimwl-fixture.com', SPF_RELAYS, { 'sel2025._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa1024) }),
  domain('dkim-welcome-fixture.com', SPF_RELAYS, { 'sel2025._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa1024) }),

  // ADSP.
  domain('adsp-all-fixture.com', SPF_RELAYS, { '_adsp._domainkey': { TXT: ['dkim=all'] } }),
  domain('adsp-discard-fixture.com', SPF_RELAYS, { '_adsp._domainkey': { TXT: ['dkim=discardable'] } }),

  // DMARC.
  domain('dmarc-pass-fixture.com', SPF_ELSEWHERE, {
    _dmarc: { TXT: ['v=DMARC1; p=reject'] },
    'sel2025._domainkey': dkimKey(DKIM_PUBLIC_KEYS.rsa1024),
  }),
  domain('dmarc-reject-fixture.com', SPF_ELSEWHERE, { _dmarc: { TXT: ['v=DMARC1; p=reject'] } }),
  domain('dmarc-quar-fixture.com', SPF_ELSEWHERE, { _dmarc: { TXT: ['v=DMARC1; p=quarantine; pct=100'] } }),
  domain('dmarc-none-fixture.com', SPF_ELSEWHERE, { _dmarc: { TXT: ['v=DMARC1; p=none'] } }),
  domain('dmarc-missing-fixture.com', SPF_RELAYS),
  domain('dmarc-spf-fixture.com', SPF_RELAYS, { _dmarc: { TXT: ['v=DMARC1; p=reject; aspf=r'] } }),

  // Senders listed by our own lists (test.cf) and by the askdns lists.
  domain('hashed-fixture.com', SPF_RELAYS),
  domain('newdom-fixture.com', SPF_RELAYS),
  domain('newdom-older-fixture.com', SPF_RELAYS),
  domain('envfrom-listed-fixture.com', SPF_RELAYS),
  domain('fromlisted-fixture.com', SPF_RELAYS, { mail: { A: ['192.0.2.82'] } }),
  domain('replyto-listed-fixture.net', SPF_RELAYS),
  domain('rcvdlisted-fixture.com', SPF_RELAYS),
  domain('askdns-author-fixture.org', SPF_RELAYS),
  // No NS records: an NS question is NODATA whose authority SOA names ns1.nsfrom-fixture.com.
  domain('nsfrom-fixture.com', SPF_RELAYS),

  // Hosting of URI domains.
  { apex: 'ns-listed-fixture.com', names: { '@': { NS: ['ns1.badns-fixture.net'], A: ['192.0.2.90'] } } },
  { apex: 'badns-fixture.net', names: { ns1: { A: ['198.18.113.81'] } } },
  { apex: 'a-listed-fixture.com', names: { '@': { A: ['198.18.113.82'] }, www: { A: ['198.18.113.82'] } } },
  { apex: 'nsrhs-target-fixture.com', names: { '@': { NS: ['ns1.badns-provider-fixture.net'], A: ['192.0.2.91'] } } },
  { apex: 'badns-provider-fixture.net', names: { ns1: { A: ['198.18.113.84'] } } },
];
