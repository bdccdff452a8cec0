#!/usr/bin/env node
// Writes the messages of the network differential test, fixtures/network/NAME.eml, from the
// specs below (one per behaviour; fixtures/network/README.md lists them). The messages are
// ours, built from relay chains, headers and bodies; DKIM signatures are made here with
// mailauth's dkimSign and the test-only keys in fixtures/network/dkim/, at a fixed signing
// time, so the committed bytes are reproducible. The answers are made by Perl afterwards:
//
//   node scripts/make-network-fixtures.mjs          # write the .eml files
//   node scripts/sa-expected-net.mjs                # Perl SpamAssassin's answers for them
//
// The DNS data the messages rely on is in test/support/zones/ (addresses and domains are
// noted beside each spec below).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'fixtures/network');
const keyDir = path.join(outDir, 'dkim');

const keys = Object.fromEntries(
  ['rsa512', 'rsa1024', 'rsa2048'].map((k) => [k, readFileSync(path.join(keyDir, `${k}.pem`), 'utf8')]),
);

// The zone data embeds the public halves; make sure they still match the private keys.
const zoneText = readFileSync(path.join(root, 'test/support/zones/domains.ts'), 'utf8');
for (const [name, pem] of Object.entries(keys)) {
  const spki = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');
  if (!zoneText.includes(spki)) throw new Error(`DKIM_PUBLIC_KEYS.${name} in test/support/zones/domains.ts does not match ${name}.pem`);
}

const RCPT = 'user@inbox-fixture.net';
/** Seconds since the epoch of the fixture day, 2025-03-03 10:00:00 UTC. */
const T0 = Date.UTC(2025, 2, 3, 10, 0, 0) / 1000;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
function rfcDate(epoch) {
  const d = new Date(epoch * 1000);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** The HELO name of an untrusted relay: mx-N.relays-fixture.net after its last octet. */
const heloOf = (ip) => (ip.includes(':') ? `mx-v6.relays-fixture.net` : `mx-${ip.split('.').pop()}.relays-fixture.net`);
const bracket = (ip) => (ip.includes(':') ? `IPv6:${ip}` : ip);

/** A Postfix-style Received header: `from HELO (RDNS [IP]) by BY ...; DATE`. */
function postfixReceived({ helo, rdns, ip, by, id, epoch }) {
  return `Received: from ${helo} (${rdns} [${bracket(ip)}])\n\tby ${by} (Postfix) with ESMTP id ${id}\n\tfor <${RCPT}>; ${rfcDate(epoch)}`;
}

/** An Exim-style Received header, which records the envelope sender. */
function eximReceived({ helo, ip, by, id, epoch, envfrom }) {
  return `Received: from ${helo} ([${ip}] helo=${helo})\n\tby ${by} with esmtp (Exim 4.96)\n\t(envelope-from <${envfrom}>)\n\tid ${id}\n\tfor ${RCPT}; ${rfcDate(epoch)}`;
}

/**
 * The Received block, newest first: our store (10.20.0.30) received from our MX (10.20.0.25),
 * which received from the first external relay, which received from the next…
 * `relays`: external hops, nearest first: `{ ip, helo?, rdns?, exim? }`.
 */
function receivedBlock(spec, epoch) {
  const lines = [];
  let t = epoch + 5 + spec.relays.length * 3;
  let n = 0;
  const qid = () => `4Z${(0x1a2b3c + n++ * 7919 + spec.seed * 104729).toString(16).toUpperCase()}`;
  if (!spec.noInternal) {
    lines.push(postfixReceived({ helo: 'mx1.inbox-fixture.net', rdns: 'mx1.inbox-fixture.net', ip: '10.20.0.25', by: 'store.inbox-fixture.net', id: qid(), epoch: t }));
    t -= 2;
  }
  let by = 'mx1.inbox-fixture.net';
  for (const hop of spec.relays) {
    const helo = hop.helo ?? heloOf(hop.ip);
    const rdns = hop.rdns ?? helo;
    // Our MX records the envelope sender (Exim style), as SA's SPF check needs when trusted
    // relays follow: it then reads it from the first external Received line only.
    const envfrom = hop.exim ?? (hop === spec.relays[0] && spec.envFrom && !spec.noRcvdEnvFrom ? spec.envFrom : undefined);
    lines.push(
      ...(spec.insertAbove?.[hop.ip] ?? []),
      envfrom
        ? eximReceived({ helo, ip: hop.ip, by, id: `1tA${qid()}-000${n}-AB`, epoch: t, envfrom })
        : postfixReceived({ helo, rdns, ip: hop.ip, by, id: qid(), epoch: t }),
    );
    by = helo;
    t -= 3;
  }
  lines.push(...(spec.insertBelow ?? []));
  return lines;
}

/** The headers the author's system writes (what DKIM signs), then the body. */
function authored(spec, epoch) {
  const h = [
    `From: ${spec.from}`,
    `To: ${spec.to ?? `Fixture User <${RCPT}>`}`,
    `Subject: ${spec.subject}`,
    `Date: ${rfcDate(epoch)}`,
    `Message-ID: <${spec.name}.${epoch}@${spec.from.replace(/.*@/, '').replace(/>.*/, '')}>`,
    ...(spec.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
  ];
  return `${h.join('\n')}\n\n${spec.body.trim()}\n`;
}

async function sign(message, sig) {
  const res = await dkimSign(message, {
    signTime: new Date((T0 - 60) * 1000),
    canonicalization: sig.c ?? 'relaxed/relaxed',
    headerList: ['from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type'],
    signatureData: [{ signingDomain: sig.d, selector: sig.s, privateKey: keys[sig.key ?? 'rsa1024'] }],
  });
  if (res.errors?.length) throw new Error(`dkimSign: ${res.errors.map((e) => e.message).join('; ')}`);
  return res.signatures.replace(/\r\n/g, '\n');
}

async function build(spec, seed) {
  spec.seed = seed;
  const epoch = T0 + seed * 97;
  let msg = authored(spec, epoch);
  for (const sig of spec.dkim ?? []) msg = (await sign(msg, sig)) + msg;
  if (spec.tamper) msg = spec.tamper(msg);
  const top = [];
  if (spec.envFrom !== null) top.push(`Return-Path: <${spec.envFrom}>`);
  top.push(...(spec.topHeaders ?? []));
  return `${[...top, ...receivedBlock(spec, epoch)].join('\n')}\n${msg}`;
}

const body = (...lines) => lines.join('\n');
const hello = 'Hello,\n\n';
const bye = '\n\nRegards,\nThe fixture team';
const plain = (text) => hello + text + bye;

/** Defaults: relayed by the clean 198.18.113.2 for sender-fixture.com. */
const base = (over) => ({
  relays: [{ ip: '198.18.113.2' }],
  envFrom: 'news@sender-fixture.com',
  from: 'Fixture News <news@sender-fixture.com>',
  ...over,
});
const fromIp = (name, ip, about, subject) =>
  base({ name, about, relays: [{ ip }], subject, body: plain(`This note reached you through ${ip}.\nNothing else about it is unusual.`) });

const SPECS = [
  // --- IP lists and relay positions -------------------------------------------------------
  base({ name: 'ip-01-clean-relay', about: 'clean first untrusted relay 198.18.113.2 whose HELO has an address and passes SPF', subject: 'Quarterly update', body: plain('Here is the quarterly update you asked for.\nThe numbers look fine.') }),
  fromIp('ip-02-zen-sbl', '198.18.113.10', 'first untrusted relay in zen: 127.0.0.2 (SBL)', 'Your invoice'),
  fromIp('ip-03-zen-css', '198.18.113.11', 'zen 127.0.0.3 (SBL-CSS)', 'Meeting notes'),
  fromIp('ip-04-zen-xbl', '198.18.113.12', 'zen 127.0.0.4 (XBL, a -lastexternal set)', 'Lunch on Friday'),
  fromIp('ip-05-zen-pbl', '198.18.113.13', 'zen 127.0.0.10 (PBL, a -lastexternal set)', 'Photos from the trip'),
  fromIp('ip-06-zen-several', '198.18.113.15', 'zen answers 127.0.0.2, .4 and .11 at once', 'Several things'),
  fromIp('ip-07-zen-non-loopback-answer', '198.18.113.17', 'zen answers 192.0.2.1 (ignored) and 127.0.0.3', 'Odd answer'),
  base({ name: 'ip-08-zen-listed-deeper', about: 'clean nearest relay, zen-listed (127.0.0.2, .4) relay one hop deeper: SBL (all untrusted) hits, XBL (-lastexternal) does not', relays: [{ ip: '198.18.113.2' }, { ip: '198.18.113.60' }], subject: 'Forwarded twice', body: plain('This went through two relays before reaching us.') }),
  fromIp('ip-09-spamcop', '198.18.113.20', 'bl.spamcop.net with a TXT naming spamcop (check_rbl_txt)', 'Special offer'),
  fromIp('ip-10-spamcop-txt-other', '198.18.113.21', 'bl.spamcop.net listed, TXT without the word the subtest wants', 'Another offer'),
  fromIp('ip-11-dnswl-none', '198.18.113.30', 'list.dnswl.org 127.0.5.0', 'Newsletter 1'),
  fromIp('ip-12-dnswl-low', '198.18.113.31', 'list.dnswl.org 127.0.5.1', 'Newsletter 2'),
  fromIp('ip-13-dnswl-med', '198.18.113.32', 'list.dnswl.org 127.0.5.2', 'Newsletter 3'),
  fromIp('ip-14-dnswl-hi', '198.18.113.33', 'list.dnswl.org 127.0.15.3', 'Newsletter 4'),
  base({ name: 'ip-15-dnswl-deeper', about: 'dnswl-listed relay one hop deeper: a -firsttrusted set looks only at the nearest untrusted relay', relays: [{ ip: '198.18.113.2' }, { ip: '198.18.113.62' }], subject: 'Newsletter 5', body: plain('A newsletter relayed by a partner.') }),
  fromIp('ip-16-psbl', '198.18.113.40', 'psbl.surriel.com', 'Cheap watches'),
  fromIp('ip-17-mailspike-zbi', '198.18.113.41', 'bl.mailspike.net 127.0.0.2', 'Hello there'),
  fromIp('ip-18-mailspike-l5', '198.18.113.42', 'bl.mailspike.net 127.0.0.10', 'Hello again'),
  fromIp('ip-19-mailspike-l2', '198.18.113.43', 'bl.mailspike.net 127.0.0.13', 'Hello once more'),
  fromIp('ip-20-mailspike-h5', '198.18.113.44', 'wl.mailspike.net 127.0.0.20', 'Order shipped'),
  fromIp('ip-21-mailspike-h2', '198.18.113.45', 'wl.mailspike.net 127.0.0.17', 'Order delivered'),
  fromIp('ip-22-senderscore', '198.18.113.50', 'bl.score.senderscore.com', 'Weekly digest'),
  fromIp('ip-23-validity', '198.18.113.51', 'TXT answers from sa-trusted.bondedsender.org and sa-accredit.habeas.com', 'Account notice'),
  fromIp('ip-24-iadb', '198.18.113.53', 'iadb.isipp.com 127.0.1.255 and 127.3.100.6 (check_rbl_sub on a -firsttrusted set)', 'Your subscription'),
  base({ name: 'ip-25-originating-ip', about: 'clean relay, X-Originating-IP zen-listed (127.0.0.2, .10): SBL via the originating IP, PBL (-lastexternal) ignores it', headers: ['X-Originating-IP: [198.18.113.70]'], subject: 'Sent from webmail', body: plain('I am writing from the web interface today.') }),
  base({ name: 'ip-26-trusted-forwarder', about: 'trusted but external forwarder 198.19.100.5 (zen .11, dnswl) in front of an XBL-listed sender', relays: [{ ip: '198.19.100.5', helo: 'fwd.forward-fixture.net' }, { ip: '198.18.113.12' }], subject: 'Forwarded mail', body: plain('This message came through your forwarding service.') }),
  base({ name: 'ip-27-all-trusted', about: 'only internal relays: ALL_TRUSTED, no list is asked about an IP', relays: [{ ip: '10.20.5.9', helo: 'desk9.inbox-fixture.net' }], envFrom: 'colleague@inbox-fixture.net', from: 'Colleague <colleague@inbox-fixture.net>', subject: 'Internal memo', body: plain('The printer on floor two is fixed.') }),
  base({ name: 'ip-28-private-hop', about: 'a 192.168.7.7 hop beyond the clean relay is listed but private: never queried', relays: [{ ip: '198.18.113.2' }, { ip: '192.168.7.7', helo: 'laptop.home-fixture.net' }], subject: 'From home', body: plain('Sent from my home network.') }),
  base({ name: 'ip-29-long-chain', about: 'eleven untrusted hops: SA keeps the 9 oldest for the all-untrusted sets, so the listed nearest hop (.90) only counts for -lastexternal', relays: Array.from({ length: 11 }, (_, i) => ({ ip: `198.18.113.${90 + i}` })), subject: 'Long way round', body: plain('This message took the scenic route.') }),
  base({ name: 'ip-30-ipv6-relay', about: 'IPv6 relay 2001:db8:1::25 listed in zen (nibble-reversed query)', relays: [{ ip: '2001:db8:1::25' }], subject: 'Over IPv6', body: plain('This one arrived over IPv6.') }),
  base({ name: 'ip-31-notfirsthop', about: 'three untrusted hops on our ipbl list: -notfirsthop skips the originating hop, -untrusted skips the nearest (test.cf rules)', relays: [{ ip: '198.18.113.130' }, { ip: '198.18.113.131' }, { ip: '198.18.113.132' }], subject: 'Three hops', body: plain('Relayed three times.') }),
  fromIp('ip-99-zen-blocked-opendns', '198.18.113.16', 'zen answers 127.255.255.254 (query blocked): a dns_block_rule rule; kept last since SA then blocks the zone for dns_block_time', 'Blocked answer'),

  // --- URI lists ----------------------------------------------------------------------------
  base({ name: 'uri-01-uribl-black', about: 'multi.uribl.com 127.0.0.2 for a host and a deeper subdomain of the same domain', subject: 'Great deal', body: plain('See https://www.uribl-black-fixture.com/deal and http://shop.sub.uribl-black-fixture.com/cart today.') }),
  base({ name: 'uri-02-uribl-bitmask', about: 'multi.uribl.com 127.0.0.14: black, grey and red bits', subject: 'Another deal', body: plain('Visit http://uribl-multi-fixture.com/ now.') }),
  base({ name: 'uri-03-surbl', about: 'multi.surbl.org 127.0.0.216 (PH, MW, ABUSE, CR bits) and 127.0.0.8', subject: 'Account check', body: plain('Log in at http://surbl-all-fixture.net/ or https://www.surbl-ph-fixture.net/login please.') }),
  base({ name: 'uri-04-dbl', about: 'dbl.spamhaus.org spam, phish, malware and botnet codes', subject: 'Links', body: plain('http://dbl-spam-fixture.org/\nhttp://www.dbl-phish-fixture.org/verify\nhttp://dbl-malware-fixture.org/file.zip\nhttp://dbl-botnet-fixture.org/c2') }),
  base({ name: 'uri-05-dbl-abuse', about: 'dbl.spamhaus.org abused-legit codes 127.0.1.102-104', subject: 'More links', body: plain('http://dbl-abuse-spam-fixture.org/a\nhttp://dbl-abuse-redir-fixture.org/r?u=x\nhttp://dbl-abuse-phish-fixture.org/p') }),
  base({ name: 'uri-06-ns-in-sbl', about: 'URI domain whose name server address is in zen: SA 4.0.1 checks NS-host addresses with the tflags-a rules, so URIBL_SBL_A/URIBL_CSS_A hit and the NS rules URIBL_SBL/URIBL_CSS cannot', subject: 'New shop', body: plain('Our new shop: http://ns-listed-fixture.com/') }),
  base({ name: 'uri-07-a-in-sbl', about: 'URI domain whose own address is in zen (tflags a: URIBL_SBL_A/URIBL_CSS_A)', subject: 'New site', body: plain('Our new site: http://www.a-listed-fixture.com/welcome') }),
  base({ name: 'uri-08-ip-literal', about: 'IP-literal URI 198.18.113.83 (listed in zen): SA asks only the RHS lists, with the reversed address, never zen', subject: 'Verify now', body: plain('Verify your account at http://198.18.113.83/login.php right away.') }),
  base({ name: 'uri-09-dob', about: 'dob.sibl.support-intelligence.net lists a new domain', subject: 'Fresh offer', body: plain('Fresh from http://newdomain-fixture.info/offer this week.') }),
  base({ name: 'uri-10-local-uri-lists', about: 'urirhsbl, urinsrhsbl, urifullnsrhssub hit on our lists; uridnsbl (NS-host address, no tflags a) cannot in 4.0.1', subject: 'Our partners', body: plain('Partners: http://rhs-listed-fixture.biz/ and http://nsrhs-target-fixture.com/') }),
  base({ name: 'uri-11-clean-uris', about: 'URIs on unlisted domains, a mailto: and an unlisted IP literal: no list hits', subject: 'Links for you', body: plain('Docs: https://nice-fixture.org/docs\nWrite to mailto:help@nice-fixture.org\nMirror: http://192.0.2.55/mirror/') }),
  base({ name: 'uri-12-hashbl-btc', about: 'a listed Bitcoin address in the body (GB_HASHBL_BTC, HashBL raw)', subject: 'Payment details', body: plain('Send the payment to 1FixtureSpamscoreTestAddrXYZ9kq by Friday.') }),

  // --- AskDNS and author/sender domains -------------------------------------------------------
  base({ name: 'ask-01-fmbla-newdom', about: 'author domain in fresh.fmb.la 127.2.0.2', envFrom: 'hello@newdom-fixture.com', from: 'New Domain <hello@newdom-fixture.com>', subject: 'We just launched', body: plain('We just launched our service.') }),
  base({ name: 'ask-02-fmbla-older', about: 'author domain in fresh.fmb.la 127.2.0.14 and 127.2.0.28', envFrom: 'hello@newdom-older-fixture.com', from: 'Newish Domain <hello@newdom-older-fixture.com>', subject: 'Two weeks old', body: plain('We launched two weeks ago.') }),
  base({ name: 'ask-03-askdns-txt', about: 'askdns on a TXT answer for the author domain (test.cf T_ASKDNS_TXT)', envFrom: 'hello@askdns-author-fixture.org', from: 'Ask <hello@askdns-author-fixture.org>', subject: 'A question', body: plain('Do you have a minute?') }),
  base({ name: 'ask-04-spf-plus-all', about: 'sender domain publishing "v=spf1 +all" (askdns __PDS_SPF_ONLYALL)', envFrom: 'info@spf-onlyall-fixture.com', from: 'Info <info@spf-onlyall-fixture.com>', subject: 'Open policy', body: plain('Our SPF allows everyone.') }),

  // --- SPF -----------------------------------------------------------------------------------
  base({ name: 'spf-01-pass', about: 'SPF pass for the envelope sender, HELO pass', envFrom: 'billing@spf-pass-fixture.com', from: 'Billing <billing@spf-pass-fixture.com>', subject: 'Receipt', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-02-fail', about: 'SPF fail (-all, relay not allowed)', envFrom: 'billing@spf-fail-fixture.com', from: 'Billing <billing@spf-fail-fixture.com>', subject: 'Receipt 2', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-03-softfail', about: 'SPF softfail (~all)', envFrom: 'billing@spf-softfail-fixture.com', from: 'Billing <billing@spf-softfail-fixture.com>', subject: 'Receipt 3', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-04-neutral', about: 'SPF neutral (?all)', envFrom: 'billing@spf-neutral-fixture.com', from: 'Billing <billing@spf-neutral-fixture.com>', subject: 'Receipt 4', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-05-none', about: 'no SPF record', envFrom: 'billing@spf-none-fixture.com', from: 'Billing <billing@spf-none-fixture.com>', subject: 'Receipt 5', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-06-permerror', about: 'SPF record with an unknown mechanism (permerror)', envFrom: 'billing@spf-permerror-fixture.com', from: 'Billing <billing@spf-permerror-fixture.com>', subject: 'Receipt 6', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-07-temperror', about: 'the sender domain answers SERVFAIL (temperror)', envFrom: 'billing@spf-temperror-fixture.com', from: 'Billing <billing@spf-temperror-fixture.com>', subject: 'Receipt 7', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-08-include-mx', about: 'SPF pass through include: after an mx mechanism that does not match', envFrom: 'orders@spf-include-fixture.com', from: 'Orders <orders@spf-include-fixture.com>', subject: 'Order 1234', body: plain('Your order 1234 is confirmed.') }),
  base({ name: 'spf-09-helo-fail', about: 'HELO name whose SPF does not allow the relay, sender passes', relays: [{ ip: '198.18.113.2', helo: 'mail.helofail-fixture.com' }], subject: 'HELO check', body: plain('Checking how my HELO looks.') }),
  base({ name: 'spf-10-received-spf-internal', about: 'Received-SPF: fail added by our MX wins over the DNS (which would pass)', envFrom: 'billing@spf-pass-fixture.com', from: 'Billing <billing@spf-pass-fixture.com>', insertAbove: { '198.18.113.2': ['Received-SPF: fail (mx1.inbox-fixture.net: domain of billing@spf-pass-fixture.com does not designate 198.18.113.2 as permitted sender) client-ip=198.18.113.2; envelope-from=billing@spf-pass-fixture.com; helo=mx-2.relays-fixture.net;'] }, subject: 'Receipt 10', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-11-received-spf-untrusted', about: 'Received-SPF: pass written outside our network is ignored; the DNS says fail', envFrom: 'billing@spf-fail-fixture.com', from: 'Billing <billing@spf-fail-fixture.com>', insertBelow: ['Received-SPF: pass (relay.example: domain of billing@spf-fail-fixture.com designates 198.18.113.2 as permitted sender)'], subject: 'Receipt 11', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-12-auth-results', about: 'Authentication-Results spf=softfail from our MX is reused', envFrom: 'billing@spf-pass-fixture.com', from: 'Billing <billing@spf-pass-fixture.com>', insertAbove: { '198.18.113.2': ['Authentication-Results: mx1.inbox-fixture.net; spf=softfail smtp.mailfrom=billing@spf-pass-fixture.com'] }, subject: 'Receipt 12', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-13-envfrom-in-received', about: 'no Return-Path: the envelope sender comes from the Exim Received line (SPF fail)', envFrom: null, relays: [{ ip: '198.18.113.2', exim: 'bounce@spf-fail-fixture.com' }], from: 'Billing <billing@spf-fail-fixture.com>', subject: 'Receipt 13', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-15-envfrom-header-only', about: 'Return-Path only, trusted relays present: SA will not use a header-based EnvelopeFrom for SPF', envFrom: 'billing@spf-fail-fixture.com', noRcvdEnvFrom: true, from: 'Billing <billing@spf-fail-fixture.com>', subject: 'Receipt 15', body: plain('Thank you for your payment.') }),
  base({ name: 'spf-14-welcomelist', about: 'welcomelist_from_spf for an SPF-passing sender (test.cf)', envFrom: 'team@spf-welcome-fixture.com', from: 'Team <team@spf-welcome-fixture.com>', subject: 'Team news', body: plain('The team says hi.') }),

  // --- DKIM ----------------------------------------------------------------------------------
  base({ name: 'dkim-01-valid-author', about: 'valid 1024-bit signature by the author domain (envelope sender alike)', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'sel2025' }], subject: 'Signed news', body: plain('This message is signed by its author domain.') }),
  base({ name: 'dkim-02-third-party', about: 'valid signature by the ESP, not the author domain', envFrom: 'bounce@esp-fixture.net', from: 'Client <hello@client-fixture.com>', dkim: [{ d: 'esp-fixture.net', s: 'esp' }], subject: 'Sent by our ESP', body: plain('Our email service provider signs this.') }),
  base({ name: 'dkim-03-body-changed', about: 'signature broken by a body changed after signing', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'sel2025' }], tamper: (m) => m.replace('signed by its author', 'signed (and then changed) by its author'), subject: 'Changed news', body: plain('This message is signed by its author domain.') }),
  base({ name: 'dkim-04-missing-key', about: 'selector without a key record (NXDOMAIN)', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'gone2019' }], subject: 'Lost key', body: plain('The key for this signature is gone.') }),
  base({ name: 'dkim-05-revoked-key', about: 'key record with an empty p= (revoked)', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'revoked', key: 'rsa1024' }], subject: 'Revoked key', body: plain('The key for this signature was revoked.') }),
  base({ name: 'dkim-06-weak-key', about: 'valid signature with a 512-bit key (below dkim_minimum_key_bits 1024)', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'weak', key: 'rsa512' }], subject: 'Weak key', body: plain('This signature uses a short key.') }),
  base({ name: 'dkim-07-2048-key', about: 'valid signature with a 2048-bit key (TXT split in two strings, answer over 512 bytes)', envFrom: 'news@dkim-fixture.com', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'big2025', key: 'rsa2048' }], subject: 'Strong key', body: plain('This signature uses a long key.') }),
  base({ name: 'dkim-08-two-signatures', about: 'a valid ESP signature over a broken author signature', envFrom: 'bounce@esp-fixture.net', from: 'DKIM News <news@dkim-fixture.com>', dkim: [{ d: 'dkim-fixture.com', s: 'revoked' }, { d: 'esp-fixture.net', s: 'esp' }], subject: 'Two signatures', body: plain('Two signatures, one good.') }),
  base({ name: 'dkim-09-dkimwl', about: 'signing domain in lookup.dkimwl.org 127.0.0.5 (askdns on _DKIMDOMAIN_)', envFrom: 'news@dkimwl-fixture.com', from: 'Listed <news@dkimwl-fixture.com>', dkim: [{ d: 'dkimwl-fixture.com', s: 'sel2025' }], subject: 'Welcome listed', body: plain('Our signing domain is on a welcome list.') }),
  base({ name: 'dkim-10-welcomelist', about: 'welcomelist_from_dkim for a valid author signature (test.cf)', envFrom: 'news@dkim-welcome-fixture.com', from: 'Welcome <news@dkim-welcome-fixture.com>', dkim: [{ d: 'dkim-welcome-fixture.com', s: 'sel2025' }], subject: 'Welcome', body: plain('We are on your DKIM welcome list.') }),
  base({ name: 'dkim-11-adsp-all', about: 'unsigned mail from a domain whose ADSP says dkim=all', envFrom: 'news@adsp-all-fixture.com', from: 'ADSP <news@adsp-all-fixture.com>', subject: 'Unsigned 1', body: plain('We always sign, except this time.') }),
  base({ name: 'dkim-12-adsp-discardable', about: 'unsigned mail from a domain whose ADSP says dkim=discardable', envFrom: 'news@adsp-discard-fixture.com', from: 'ADSP <news@adsp-discard-fixture.com>', subject: 'Unsigned 2', body: plain('Discard this if it is not signed.') }),
  base({ name: 'dkim-13-author-nxdomain', about: 'author and envelope domain do not exist (ADSP nxdomain; NO_DNS_FOR_FROM)', envFrom: 'ghost@nxdomain-author-fixture.com', from: 'Ghost <ghost@nxdomain-author-fixture.com>', subject: 'Nobody home', body: plain('This domain does not exist.') }),

  // --- DMARC (rules defined in test.cf) ---------------------------------------------------------
  base({ name: 'dmarc-01-pass', about: 'DMARC pass through an aligned DKIM signature (SPF fails), p=reject', envFrom: 'news@dmarc-pass-fixture.com', from: 'DMARC <news@dmarc-pass-fixture.com>', dkim: [{ d: 'dmarc-pass-fixture.com', s: 'sel2025' }], subject: 'Aligned', body: plain('DKIM aligned, SPF not.') }),
  base({ name: 'dmarc-02-reject', about: 'DMARC fail with p=reject', envFrom: 'news@dmarc-reject-fixture.com', from: 'DMARC <news@dmarc-reject-fixture.com>', subject: 'Not aligned 1', body: plain('Neither DKIM nor SPF.') }),
  base({ name: 'dmarc-03-quarantine', about: 'DMARC fail with p=quarantine', envFrom: 'news@dmarc-quar-fixture.com', from: 'DMARC <news@dmarc-quar-fixture.com>', subject: 'Not aligned 2', body: plain('Neither DKIM nor SPF.') }),
  base({ name: 'dmarc-04-none', about: 'DMARC fail with p=none', envFrom: 'news@dmarc-none-fixture.com', from: 'DMARC <news@dmarc-none-fixture.com>', subject: 'Not aligned 3', body: plain('Neither DKIM nor SPF.') }),
  base({ name: 'dmarc-05-missing', about: 'no DMARC record', envFrom: 'news@dmarc-missing-fixture.com', from: 'DMARC <news@dmarc-missing-fixture.com>', subject: 'No policy', body: plain('We publish no DMARC policy.') }),
  base({ name: 'dmarc-06-spf-aligned', about: 'DMARC pass through aligned SPF only', envFrom: 'bounce@dmarc-spf-fixture.com', from: 'DMARC <news@dmarc-spf-fixture.com>', subject: 'SPF aligned', body: plain('SPF aligned, no DKIM.') }),

  // --- Sender lists of our own (DNSEval and HashBL rules in test.cf) -------------------------------
  base({ name: 'snd-01-envfrom-listed', about: 'envelope sender domain on our host list (check_rbl_envfrom)', envFrom: 'bounce@envfrom-listed-fixture.com', from: 'Sender <info@sender-fixture.com>', subject: 'Bounce listed', body: plain('The bounce address is listed.') }),
  base({ name: 'snd-02-from-listed', about: 'From host on our list (check_rbl_from_host) and its domain with subtest 127.0.0.4 (check_rbl_from_domain)', envFrom: 'news@fromlisted-fixture.com', from: 'Listed <news@mail.fromlisted-fixture.com>', subject: 'From listed', body: plain('The From address is listed.') }),
  base({ name: 'snd-03-rbl-headers', about: 'Reply-To domain and X-Source-IP on our list (check_rbl_headers)', headers: ['Reply-To: <reply@replyto-listed-fixture.net>', 'X-Source-IP: 198.18.113.110'], subject: 'Reply elsewhere', body: plain('Please reply to the other address.') }),
  base({ name: 'snd-04-rcvd-listed', about: 'HELO of the oldest untrusted relay on our list (check_rbl_rcvd)', relays: [{ ip: '198.18.113.2' }, { ip: '198.18.113.77', helo: 'dialup-77.rcvdlisted-fixture.com' }], subject: 'Dial-up', body: plain('Sent from a dial-up line.') }),
  base({ name: 'snd-05-ns-from', about: 'check_rbl_ns_from: the NS answer is NODATA, SA reads the SOA of its authority section', envFrom: 'bounce@nsfrom-fixture.com', from: 'NS <news@nsfrom-fixture.com>', subject: 'Name servers', body: plain('About our name servers.') }),
  base({ name: 'snd-06-accreditor', about: 'Accreditor header and the relay on our accreditor list (check_rbl_accreditor)', relays: [{ ip: '198.18.113.120' }], headers: ['Accreditor: FixtureCert, parm=1'], subject: 'Certified', body: plain('We are certified by FixtureCert.') }),
  base({ name: 'snd-07-hashbl-email', about: 'From address on our hashed e-mail list (check_hashbl_emails, sha1)', envFrom: 'spammer@hashed-fixture.com', from: 'Spammer <spammer@hashed-fixture.com>', subject: 'Hashed', body: plain('My address is on a hashed list.') }),
];

const README_HEAD = `# network fixtures

Messages for the differential test of the network stage (test/net/differential.test.ts), each
with Perl SpamAssassin 4.0.1's answer scored with network tests on, every DNS question answered
by the test zone server (test/support/dns-server.ts serving test/support/zones/). Written by us
(scripts/make-network-fixtures.mjs, which also signs the DKIM ones with the test-only keys in
dkim/); none comes from a corpus. This file is generated by that script.

- \`NAME.eml\`: the message.
- \`NAME.expected.json\`: Perl's score, hits, sub-rule hits, X-Spam-* header block and report (\`get_report\`).
- \`perl-queries.json\`: the DNS questions Perl asked for each message (type and name).
- \`test.cf\`: configuration both sides read after the stock rules (trusted/internal networks,
  welcome lists, DMARC rules, extra DNSEval/HashBL/URIDNSBL/AskDNS rules on our own lists).

Regenerate (needs ../shared/spamassassin-4.0.1 and Perl SpamAssassin 4.0.1):

\`\`\`sh
node scripts/make-network-fixtures.mjs      # the .eml files
node scripts/sa-expected-net.mjs --strace   # Perl's answers; --strace proves no DNS left the machine
\`\`\`
`;

// Guard against duplicate names and stale files from renamed specs.
const names = new Set();
for (const s of SPECS) {
  if (names.has(s.name)) throw new Error(`duplicate fixture ${s.name}`);
  names.add(s.name);
}
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) {
  if (f.endsWith('.eml') && !names.has(f.slice(0, -4))) unlinkSync(path.join(outDir, f));
}
let i = 0;
const index = [];
for (const spec of SPECS) {
  const text = await build(spec, ++i);
  writeFileSync(path.join(outDir, `${spec.name}.eml`), text);
  index.push(`| \`${spec.name}\` | ${spec.about} |`);
}
writeFileSync(path.join(outDir, 'README.md'), `${README_HEAD}\n| fixture | what it exercises |\n|---|---|\n${index.join('\n')}\n`);
console.log(`wrote ${SPECS.length} fixtures to ${path.relative(root, outDir)}`);
