/**
 * The trust walk over a message's Received headers (top = newest): trusted_networks, internal_networks and msa_networks, and the caller's origination assertion.
 *
 * Every expected value was produced by running Perl SpamAssassin 4.0.1 (sa-relays-oracle.pl) on a
 * message with these Received headers and the configuration named in the comment; the strings
 * are SA's X-Spam-Relays-{Trusted,Untrusted,Internal,External}.
 */
import { describe, expect, it } from 'vitest';
import { R, walk } from './helpers.js';

/**
 * One configuration object for two of the walks below, as a rule set passes one for all its
 * messages: parseRelays builds its network sets once per object, and each walk must still be
 * its own.
 */
const TRUSTED_198 = { trustedNetworks: ['198.51.100.0/24'] };

describe('the trust walk', () => {
  it('with trusted_networks, trusts only those networks (no free pass for private IPs) and takes them as internal too', () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/24"
    expect(walk({ received: [R.fromPublic, R.fromInternal, R.older], config: TRUSTED_198 })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      untrusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      external: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('keeps relays beyond internal_networks trusted but external', () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/24 203.0.113.0/24; internal_networks 198.51.100.0/24"
    expect(walk({ received: [R.fromPublic, R.older, R.fromInternal], config: { trustedNetworks: ["198.51.100.0/24 203.0.113.0/24"], internalNetworks: ["198.51.100.0/24"] } })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      untrusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ]",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      external: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ] [ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 1,
      lastInternal: 0
    });
  });

  it('takes internal_networks as the trusted networks when only they are set', () => {
    // Perl SA 4.0.1 with "internal_networks 198.51.100.0/24"
    expect(walk({ received: [R.fromPublic, R.older], config: { internalNetworks: ["198.51.100.0/24"] } })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      untrusted: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      external: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('lets the relays behind an msa_networks host inherit its classification', () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/24; msa_networks 198.51.100.25"
    expect(walk({ received: [R.msaHop, R.toMsa, R.older], config: { trustedNetworks: ["198.51.100.0/24"], msaNetworks: ["198.51.100.25"] } })).toEqual({
      trusted: "[ ip=198.51.100.25 rdns=msa.example.net helo=msa.example.net by=mx.example.net ident= envfrom= intl=1 id=9C9C9C auth= msa=1 ] [ ip=203.0.113.77 rdns=dyn.example.com helo=laptop by=msa.example.net ident= envfrom= intl=1 id=0D0D0D auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=1 id=4D4D4D auth= msa=0 ]",
      untrusted: "",
      internal: "[ ip=198.51.100.25 rdns=msa.example.net helo=msa.example.net by=mx.example.net ident= envfrom= intl=1 id=9C9C9C auth= msa=1 ] [ ip=203.0.113.77 rdns=dyn.example.com helo=laptop by=msa.example.net ident= envfrom= intl=1 id=0D0D0D auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=1 id=4D4D4D auth= msa=0 ]",
      external: "",
      unparseable: 0,
      lastTrusted: 2,
      lastInternal: 2
    });
  });

  it('keeps an authenticated hop outside the configured networks trusted and internal', () => {
    // Perl SA 4.0.1 with "trusted_networks 192.0.2.0/24"
    expect(walk({ received: [R.submission, R.older], config: { trustedNetworks: ["192.0.2.0/24"] } })).toEqual({
      trusted: "[ ip=198.51.100.99 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=5E5E5E auth=ESMTPSA msa=0 ]",
      untrusted: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=198.51.100.99 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=5E5E5E auth=ESMTPSA msa=0 ]",
      external: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('with the caller asserting origination, treats the first untrusted hop as an MSA: trusted, no longer internal', () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/24" and suppl_attrib originating => 1
    expect(walk({ received: [R.fromPublic, R.older, R.fromInternal], config: TRUSTED_198, assertOriginating: true })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ] [ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ]",
      untrusted: "",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      external: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ] [ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=0 id=2B2B2B auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 2,
      lastInternal: 0
    });
  });

  it("drops internal_networks entries outside trusted_networks, as SA's lint does", () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/25; internal_networks 198.51.100.0/24"
    expect(walk({ received: [R.fromPublic], config: { trustedNetworks: ["198.51.100.0/25"], internalNetworks: ["198.51.100.0/24"] } })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      untrusted: "",
      internal: "",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: -1
    });
  });

  it('honours an exclusion listed before the network it carves out', () => {
    // Perl SA 4.0.1 with "trusted_networks !198.51.100.7 198.51.100.0/24"
    expect(walk({ received: [R.fromPublic], config: { trustedNetworks: ["!198.51.100.7 198.51.100.0/24"] } })).toEqual({
      trusted: "",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      internal: "",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: -1,
      lastInternal: -1
    });
  });

  it('ignores an exclusion listed after a network that covers it', () => {
    // Perl SA 4.0.1 with "trusted_networks 198.51.100.0/24 !198.51.100.7"
    expect(walk({ received: [R.fromPublic], config: { trustedNetworks: ["198.51.100.0/24 !198.51.100.7"] } })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      untrusted: "",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ]",
      external: "",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('matches IPv6 relays against IPv6 networks', () => {
    // Perl SA 4.0.1 with "trusted_networks 2001:db8::/32"
    expect(walk({ received: [R.v6, R.older], config: { trustedNetworks: ["2001:db8::/32"] } })).toEqual({
      trusted: "[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=1 id=1E1E1E auth= msa=0 ]",
      untrusted: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=1 id=1E1E1E auth= msa=0 ]",
      external: "[ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('matches every IPv4 relay, and no IPv6 one, against ::ffff:0:0/96', () => {
    // Perl SA 4.0.1 with "trusted_networks ::ffff:0:0/96"
    expect(walk({ received: [R.fromPublic, R.older, R.v6], config: { trustedNetworks: ["::ffff:0:0/96"] } })).toEqual({
      trusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=1 id=4D4D4D auth= msa=0 ]",
      untrusted: "[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=0 id=1E1E1E auth= msa=0 ]",
      internal: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=1 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=1 id=4D4D4D auth= msa=0 ]",
      external: "[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=0 id=1E1E1E auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 1,
      lastInternal: 1
    });
  });

  it('always trusts 127/8, even when told to exclude it', () => {
    // Perl SA 4.0.1 with "trusted_networks !127.0.0.0/8 203.0.113.0/24"
    expect(walk({ received: [R.local, R.fromPublic], config: { trustedNetworks: ["!127.0.0.0/8 203.0.113.0/24"] } })).toEqual({
      trusted: "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=1A1A1A auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      internal: "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=1A1A1A auth= msa=0 ]",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });
});
