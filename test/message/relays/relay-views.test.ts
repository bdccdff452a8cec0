/**
 * Values SA derives from the relay lists: the relay template tags and the *REVIP tags.
 * Expected values produced by Perl SpamAssassin 4.0.1 ($pms->get_tag, via sa-relays-oracle.pl)
 * for these headers with "trusted_networks 10.0.0.0/8 2001:db8::/32" and
 * "internal_networks 10.0.0.0/8". SA joins a multi-valued tag with spaces; an unset tag is
 * an empty array here.
 */
import { describe, expect, it } from 'vitest';
import { parseRelays, relayTags } from '../../../src/message/relays/index.js';

const D = 'Mon, 4 Mar 2024 10:11:12 +0100';
const received = [
  `from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 1A1A1A; ${D}`,
  `from relay.example.net (relay.example.net [10.1.2.3]) by mx.example.net (Postfix) with ESMTP id 2B2B2B; ${D}`,
  `from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by relay.example.net (Postfix) with ESMTP id 3C3C3C; ${D}`,
  `from client.example.com (HELO pc.example.com) (203.0.113.9) by mail.example.org with SMTP; ${D}`,
];
const V6_REV = '5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2';
const LOCAL = '[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=1A1A1A auth= msa=0 ]';
const RELAY = '[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]';
const V6 = '[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]';
const CLIENT = '[ ip=203.0.113.9 rdns=client.example.com helo=pc.example.com by=mail.example.org ident= envfrom= intl=0 id= auth= msa=0 ]';

describe('the relay tags', () => {
  it('match what SpamAssassin puts in _RELAYSTRUSTED_, _LASTEXTERNALIP_ and the REVIP tags', () => {
    const info = parseRelays({
      received,
      config: { trustedNetworks: ['10.0.0.0/8 2001:db8::/32'], internalNetworks: ['10.0.0.0/8'] },
    });
    expect(relayTags(info)).toEqual({
      RELAYSTRUSTED: `${LOCAL} ${RELAY} ${V6}`,
      RELAYSUNTRUSTED: CLIENT,
      RELAYSINTERNAL: `${LOCAL} ${RELAY}`,
      RELAYSEXTERNAL: `${V6} ${CLIENT}`,
      FIRSTTRUSTEDIP: '2001:db8::25',
      FIRSTTRUSTEDREVIP: V6_REV,
      LASTEXTERNALIP: '2001:db8::25',
      LASTEXTERNALREVIP: V6_REV,
      LASTEXTERNALRDNS: 'mail.example.org',
      LASTEXTERNALHELO: 'mail.example.org',
      RELAYSTRUSTEDREVIP: [V6_REV],
      RELAYSUNTRUSTEDREVIP: ['9.113.0.203'],
      RELAYSINTERNALREVIP: [], // SA leaves it unset: both internal relays are private
      RELAYSEXTERNALREVIP: [V6_REV, '9.113.0.203'],
    });
  });

  it('are empty strings when there are no relays', () => {
    const tags = relayTags(parseRelays({ received: [] }));
    expect([tags.FIRSTTRUSTEDIP, tags.LASTEXTERNALIP, tags.RELAYSTRUSTED]).toEqual(['', '', '']);
  });
});
