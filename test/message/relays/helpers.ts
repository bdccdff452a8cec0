/** Shared helpers for the relay tests. */
import { parseRelays, type RelayInput } from '../../../src/message/relays/index.js';

/** The date every test header ends with (SA strips it before parsing). */
export const D = 'Mon, 4 Mar 2024 10:11:12 +0100';

/** What SA makes of one header: its relay string, or that it skipped it or could not parse it. */
export function saVerdict(line: string): string {
  const info = parseRelays({ received: [line] });
  if (info.numRelaysUnparseable > 0) return 'unparseable';
  const relays = [...info.relaysTrusted, ...info.relaysUntrusted];
  return relays.length ? relays.map((r) => r.as_string).join(' ') : 'skipped';
}

/** The walk's visible results, named like SA's metadata. */
export function walk(input: RelayInput) {
  const info = parseRelays(input);
  return {
    trusted: info.relaysTrustedStr,
    untrusted: info.relaysUntrustedStr,
    internal: info.relaysInternalStr,
    external: info.relaysExternalStr,
    unparseable: info.numRelaysUnparseable,
    lastTrusted: info.lastTrustedRelayIndex,
    lastInternal: info.lastInternalRelayIndex,
  };
}

/** Received header values used by the trust-walk tests, by role. */
export const R = {
  local: `from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 1A1A1A; ${D}`,
  fromInternal: `from relay.example.net (relay.example.net [10.1.2.3]) by mx.example.net (Postfix) with ESMTP id 2B2B2B; ${D}`,
  fromPublic: `from mail.example.org (mail.example.org [198.51.100.7]) by relay.example.net (Postfix) with ESMTP id 3C3C3C; ${D}`,
  older: `from client.example.com (client.example.com [203.0.113.9]) by mail.example.org (8.15.2/8.15.2) with ESMTP id 4D4D4D; ${D}`,
  submission: `from laptop (dsl.example.com [198.51.100.99]) by smtp.example.net (Postfix) with ESMTPSA id 5E5E5E; ${D}`,
  mxFromSmtp: `from smtp.example.net (smtp.example.net [10.0.0.5]) by mx.example.net (Postfix) with ESMTP id 6F6F6F; ${D}`,
  laptop: `from [192.168.1.10] (pc.example.net [192.168.1.10]) by laptop (Postfix) with ESMTP id 7A7A7A; ${D}`,
  qmailInvoked: `(qmail 12345 invoked by uid 89); 4 Mar 2024 09:00:00 -0000`,
  unparseable: `from r-smtp.example.com - 198.51.100.250 by desk01 with Microsoft SMTPSVC(5.5.1775.675.6); ${D}`,
  fetch: `from pop.example.net [198.51.100.150] by localhost with POP3 (fetchmail-6.4.37) for <bob@localhost> (single-drop); ${D}`,
  popServer: `from mail.example.org (mail.example.org [198.51.100.7]) by pop.example.net (Postfix) with ESMTP id 8B8B8B; ${D}`,
  msaHop: `from msa.example.net (msa.example.net [198.51.100.25]) by mx.example.net (Postfix) with ESMTP id 9C9C9C; ${D}`,
  toMsa: `from laptop (dyn.example.com [203.0.113.77]) by msa.example.net (Postfix) with ESMTP id 0D0D0D; ${D}`,
  v6: `from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx.example.net (Postfix) with ESMTPS id 1E1E1E; ${D}`,
  scanner: `from 198.51.100.1 by mx.example.net (envelope-from <list-return-1@example.org>, uid 502) with qmail-scanner-1.24 (clamdscan: 0.80/594. Clear:RC:0(198.51.100.1):. Processed in 0.288806 secs); 06 Feb 2005 21:11:38 -0000`,
  qmail: `from list.example.org (198.51.100.1) by mx.example.net with SMTP; 06 Feb 2005 21:11:37 -0000`,
  withEnv: `from mail.example.org (mail.example.org [198.51.100.7]) by mx.example.net (8.15.2/8.15.2) with ESMTP id 2F2F2F (envelope-from <bounce@example.org>); ${D}`,
};
