/**
 * URIDNSBL's report lines (`got_dnsbl_hit`'s `test_log`): "URI: domain" under a name-based
 * list rule, "URI: host/ip" under an IP list rule reached through the host's A record, one line
 * per matching record of the answer.
 *
 * The expected lines are what Perl SpamAssassin 4.0.1 logged (`$pms->{test_logs}`) for the same
 * .cf and message, against a zone server answering from the same table (the Check, URIDNSBL,
 * AskDNS and HashBL plugins loaded, `dns_server 127.0.0.1:PORT`); hard-coded here.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { expectedPieces, piecesByRule, REPORT_ONLY } from '../report-lines.js';
import { fakeResolver } from './fake-resolver.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::URIDNSBL\n';
const CF = [
  'util_rb_tld com org net test',
  'urirhssub T_RHS_MASK rhs.test. A 6',
  "body T_RHS_MASK eval:check_uridnsbl('T_RHS_MASK')",
  'tflags T_RHS_MASK net',
  'urirhsbl T_RHS_ANY rhs.test. A',
  "body T_RHS_ANY eval:check_uridnsbl('T_RHS_ANY')",
  'tflags T_RHS_ANY net',
  'uridnsbl T_IP_A ipbl.test. A',
  "body T_IP_A eval:check_uridnsbl('T_IP_A')",
  'tflags T_IP_A net a',
].join('\n');
const MESSAGE = [
  'From: Someone <user@sender.com>',
  'To: rcpt@example.org',
  'Subject: links',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  'Message-ID: <1@sender.com>',
  '',
  'visit http://www.spammy.com/x and http://www.a-host.com/ today',
  '',
].join('\n');
const ZONE = {
  // 10.0.0.1 is outside 127/8: no line, for the mask rule and the rule without a sub-test alike.
  'spammy.com.rhs.test/A': ['127.0.0.2', '127.0.0.4', '10.0.0.1'],
  'www.a-host.com/A': ['198.51.100.5'],
  '5.100.51.198.ipbl.test/A': ['127.0.0.2'],
};

describe('URIDNSBL report lines', () => {
  it('one "URI: domain" line per matching record, "URI: host/ip" for an IP found through an A record', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: `${CF}\n${REPORT_ONLY}` },
    ]);
    const r = await rs.check(MESSAGE, { network: true, clients: { resolver: fakeResolver(ZONE) } });
    expect(piecesByRule(r.report)).toEqual(
      expectedPieces({
        T_IP_A: ['URI: www.a-host.com/198.51.100.5'],
        T_RHS_ANY: ['URI: spammy.com', 'URI: spammy.com'],
        T_RHS_MASK: ['URI: spammy.com', 'URI: spammy.com'],
      }),
    );
  });
});
