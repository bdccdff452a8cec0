/**
 * The trust walk over a message's Received headers (top = newest): trust inferred without network configuration, the indices, fetch markers, qmail-scanner and originating-IP headers, and the envelope sender.
 *
 * Every expected value was produced by running Perl SpamAssassin 4.0.1 (sa-relays-oracle.pl) on a
 * message with these Received headers and the configuration named in the comment; the strings
 * are SA's X-Spam-Relays-{Trusted,Untrusted,Internal,External}.
 */
import { describe, expect, it } from 'vitest';
import { parseRelays, relayEnvelopeFrom } from '../../../src/message/relays/index.js';
import { R, walk } from './helpers.js';

describe('the trust walk', () => {
  it('without trusted_networks, trusts the local and private hops up to the first public one', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.local, R.fromInternal, R.fromPublic, R.older] })).toEqual({
      trusted: "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=1A1A1A auth= msa=0 ] [ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=1A1A1A auth= msa=0 ] [ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 1,
      lastInternal: 1
    });
  });

  it('without trusted_networks, lets an authenticated hop extend trust past a public IP', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.mxFromSmtp, R.submission, R.laptop] })).toEqual({
      trusted: "[ ip=10.0.0.5 rdns=smtp.example.net helo=smtp.example.net by=mx.example.net ident= envfrom= intl=1 id=6F6F6F auth= msa=0 ] [ ip=198.51.100.99 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=5E5E5E auth=ESMTPSA msa=0 ] [ ip=192.168.1.10 rdns=pc.example.net helo=!192.168.1.10! by=laptop ident= envfrom= intl=1 id=7A7A7A auth= msa=0 ]",
      untrusted: "",
      internal: "[ ip=10.0.0.5 rdns=smtp.example.net helo=smtp.example.net by=mx.example.net ident= envfrom= intl=1 id=6F6F6F auth= msa=0 ] [ ip=198.51.100.99 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=5E5E5E auth=ESMTPSA msa=0 ] [ ip=192.168.1.10 rdns=pc.example.net helo=!192.168.1.10! by=laptop ident= envfrom= intl=1 id=7A7A7A auth= msa=0 ]",
      external: "",
      unparseable: 0,
      lastTrusted: 2,
      lastInternal: 2
    });
  });

  it('counts skipped and unparseable headers in the last trusted and internal relay indices', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.qmailInvoked, R.fromInternal, R.unparseable, R.fromPublic, R.qmailInvoked] })).toEqual({
      trusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      internal: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ]",
      unparseable: 1,
      lastTrusted: 2,
      lastInternal: 2
    });
  });

  it('restarts the trusted, internal and external lists at a fetchmail marker in the trusted part', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.local, R.fetch, R.fromInternal, R.popServer, R.older] })).toEqual({
      trusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=pop.example.net ident= envfrom= intl=0 id=8B8B8B auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=pop.example.net ident= envfrom= intl=0 id=8B8B8B auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 2,
      lastInternal: 2
    });
  });

  it('ignores a fetchmail marker once trust has ended', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.fromPublic, R.fetch, R.older] })).toEqual({
      trusted: "",
      untrusted: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      internal: "",
      external: "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=relay.example.net ident= envfrom= intl=0 id=3C3C3C auth= msa=0 ] [ ip=203.0.113.9 rdns=client.example.com helo=client.example.com by=mail.example.org ident= envfrom= intl=0 id=4D4D4D auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: -1,
      lastInternal: -1
    });
  });

  it('hands the envelope sender of a qmail-scanner line to the next relay', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.scanner, R.qmail] })).toEqual({
      trusted: "",
      untrusted: "[ ip=198.51.100.1 rdns=list.example.org helo=list.example.org by=mx.example.net ident= envfrom=list-return-1@example.org intl=0 id= auth= msa=0 ]",
      internal: "",
      external: "[ ip=198.51.100.1 rdns=list.example.org helo=list.example.org by=mx.example.net ident= envfrom=list-return-1@example.org intl=0 id= auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('appends a relay for X-Originating-IP after the Received ones', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.fromInternal], originating: [undefined,"[198.51.100.200]\n",undefined,undefined,undefined,undefined] })).toEqual({
      trusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.200 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]",
      internal: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ]",
      external: "[ ip=198.51.100.200 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 0,
      lastInternal: 0
    });
  });

  it('appends originating_ip_headers relays in configuration order, taking the first IP of each', () => {
    // Perl SA 4.0.1
    expect(walk({ received: [R.fromInternal], originating: [undefined,"10.9.8.7\n","a 198.51.100.201 b 198.51.100.202\n",undefined,undefined,undefined] })).toEqual({
      trusted: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ] [ ip=10.9.8.7 rdns= helo= by= ident= envfrom= intl=1 id= auth= msa=0 ]",
      untrusted: "[ ip=198.51.100.201 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]",
      internal: "[ ip=10.1.2.3 rdns=relay.example.net helo=relay.example.net by=mx.example.net ident= envfrom= intl=1 id=2B2B2B auth= msa=0 ] [ ip=10.9.8.7 rdns= helo= by= ident= envfrom= intl=1 id= auth= msa=0 ]",
      external: "[ ip=198.51.100.201 rdns= helo= by= ident= envfrom= intl=0 id= auth= msa=0 ]",
      unparseable: 0,
      lastTrusted: 1,
      lastInternal: 1
    });
  });
});

describe('the Received-based envelope sender', () => {
  it('comes from the last untrusted relay', () => {
    // Perl SA 4.0.1: EnvelopeFrom "bounce@example.org"
    expect(relayEnvelopeFrom(parseRelays({ received: [R.local, R.withEnv] }))).toBe("bounce@example.org");
  });

  it('comes from the oldest trusted relay when all are trusted', () => {
    // Perl SA 4.0.1 with "trusted_networks 10/8 198.51.100.0/24": EnvelopeFrom "bounce@example.org"
    const info = parseRelays({ received: [R.fromInternal, R.withEnv], config: {  trustedNetworks: ['10/8 198.51.100.0/24']  } });
    expect(relayEnvelopeFrom(info)).toBe("bounce@example.org");
  });

  it('is undefined when that relay recorded none, leaving SA to look at other headers', () => {
    expect(relayEnvelopeFrom(parseRelays({ received: [R.local, R.fromPublic] }))).toBeUndefined();
  });
});
