/**
 * check_for_spf_fail logs the domain's explanation of the fail into the report, as SA's
 * `test_log($scanner->{spf_failure_comment})` does: Mail::SPF's default "Rejected by SPF record",
 * or the macro-expanded TXT record an `exp=` modifier names.
 *
 * The expected `_REPORT_` texts are what Perl SpamAssassin 4.0.1 printed for the same rules,
 * message and DNS data (`report _REPORT_`, `$pms->get_tag('REPORT')`, network tests on,
 * `dns_server` pointing at a local server with these records).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { zoneResolver } from './auth-case.js';
import { rcvd, spfMessage, spfZones } from './cases.js';

const CF = [
  'trusted_networks 10.0.0.0/8',
  'header SPF_FAIL eval:check_for_spf_fail()',
  'header SPF_HELO_FAIL eval:check_for_spf_helo_fail()',
  'score SPF_FAIL 1',
  'score SPF_HELO_FAIL 1',
  'report _REPORT_',
].join('\n');

async function report(zones: ReturnType<typeof spfZones>): Promise<string> {
  const rs = compileRuleSet([
    { name: 'init.pre', text: 'loadplugin Mail::SpamAssassin::Plugin::SPF\n' },
    { name: 'test.cf', text: CF },
  ]);
  const r = await rs.check(spfMessage('a@example.com', rcvd()), { network: true, clients: { resolver: zoneResolver(zones) } });
  // the report template adds empty lines around _REPORT_; the tag's text is what is compared
  return r.report.replace(/^\n+|\n+$/g, '');
}

describe('the SPF fail explanation in the report', () => {
  it("is Mail::SPF's default without exp=", async () => {
    expect(await report(spfZones(['v=spf1 -all'], ['v=spf1 -all']))).toBe(
      [
        '*  1.0 SPF_FAIL No description available.',
        '*      [SPF failed: Rejected by SPF record]',
        '*  1.0 SPF_HELO_FAIL No description available.',
        '*      [SPF failed: Rejected by SPF record]',
      ].join('\n'),
    );
  });

  it('is the expanded exp= text when the record names one', async () => {
    const zones = spfZones(['v=spf1 -all exp=explain.example.com'], ['v=spf1 a -all'], { explain: { TXT: ['%{i} is not one of %{d} mail servers'] } });
    expect(await report(zones)).toBe(
      ['*  1.0 SPF_FAIL No description available.', '*      [SPF failed: 192.0.2.10 is not one of example.com]', '[mail servers]'].join('\n'),
    );
  });
});
