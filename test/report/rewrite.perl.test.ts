/**
 * `check(raw, { rewrite: true }).message` — the message as SpamAssassin delivers it — byte for
 * byte against Perl SpamAssassin 4.0.1's `rewrite_mail`, the way `spamassassin -L` (without
 * `-t`) prints it: every fixture message, with LF and with CRLF line endings, under
 * `report_safe 0`, `1` and `2`, spam and ham. Only the report_safe MIME boundary and the dates
 * SA stamps (`Received: … with SpamAssassin …; DATE`) differ between two runs and are masked.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/load-rule-set.js';
import { rulesDir } from '../support/rules-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = readdirSync(path.join(root, 'fixtures', 'messages'))
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((name) => ({ name, raw: readFileSync(path.join(root, 'fixtures', 'messages', name)) }));

/** The fixture with its line endings made CRLF (a bare LF becomes CRLF; CRLF stays). */
const crlf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

const havePerl = spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1']).status === 0;

const work = mkdtempSync(path.join(os.tmpdir(), 'spamscore-rewrite-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A small rule set that makes most fixtures spam and some ham, with SA's usual header and
 * report templates, a Subject rewrite and copied headers — and nothing that depends on time,
 * the network or a Bayes database.
 */
function config(reportSafe: number): string {
  return [
    'required_score 3.5',
    'use_bayes 0',
    'uri HAS_LINK /^https?:/i',
    'describe HAS_LINK Has a link',
    'score HAS_LINK 3.5',
    'header SUBJ_CAPS Subject =~ /[A-Z]{4}/',
    'describe SUBJ_CAPS Subject has a capital word',
    'score SUBJ_CAPS 2.1',
    'body MONEY /(?:money|\\$\\d|lottery|prize|viagra|GTUBE)/i',
    'describe MONEY Talks about money',
    'score MONEY 4.2',
    // One priority per rule: Perl runs rules of one priority and type in hash order, which
    // would change the order of the report's table from run to run.
    'priority SUBJ_CAPS -2',
    'priority MONEY -1',
    'add_header spam Flag _YESNO_',
    'add_header all Level _STARS(*)_',
    'add_header all Status _YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_',
    'remove_header ham Level',
    'rewrite_header Subject [SPAM _SCORE_]',
    'report_safe_copy_headers Date Message-Id',
    `report_safe ${reportSafe}`,
    'clear_report_template',
    'report Spam detection software, running on the system "_HOSTNAME_",',
    'report has identified this incoming email as possible spam.',
    'report',
    'report Content preview:  _PREVIEW_',
    'report',
    'report Content analysis details:   (_SCORE_ points, _REQD_ required)',
    'report',
    'report " pts rule name              description"',
    'report  ---- ---------------------- --------------------------------------------------',
    'report _SUMMARY_',
    '',
  ].join('\n');
}

/** Perl's answers: `rewrite_mail` of each message, as the spamassassin script prints it. */
function perlRewrites(rules: string, site: string, files: string[]): Buffer[] {
  const script = `
use strict; use warnings;
use Mail::SpamAssassin;
my ($rules, $site, @files) = @ARGV;
my $sa = Mail::SpamAssassin->new({ rules_filename => $rules, site_rules_filename => $site, userprefs_filename => "$rules/none",
  local_tests_only => 1, dont_copy_prefs => 1, require_rules => 1 });
binmode STDOUT;
for my $f (@files) {
  open(my $fh, '<:raw', $f) or die "$f: $!"; my @lines = <$fh>; close $fh;
  my $mail = $sa->parse(\\@lines);
  my $status = $sa->check($mail);
  my $out = $status->rewrite_mail();
  print length($out), "\\n", $out;
  $status->finish(); $mail->finish();
}
`;
  const r = spawnSync('perl', ['-e', script, rules, site, ...files], { maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`perl failed: ${r.stderr.toString()}`);
  const out: Buffer[] = [];
  for (let at = 0; at < r.stdout.length; ) {
    const nl = r.stdout.indexOf(0x0a, at);
    const len = Number(r.stdout.subarray(at, nl).toString('latin1'));
    out.push(r.stdout.subarray(nl + 1, nl + 1 + len));
    at = nl + 1 + len;
  }
  return out;
}

/** Masks what differs between any two runs: the report_safe boundary and SA's date stamps. */
function masked(message: Buffer | string): string {
  return (typeof message === 'string' ? message : message.toString('latin1'))
    .replace(/----------=_[0-9A-F]{8}\.[0-9A-F]{8}/g, '----------=_BOUNDARY')
    .replace(/(with SpamAssassin \(version [^)]*\);\r?\n\t)[^\r\n]*/g, '$1DATE');
}

describe.skipIf(!havePerl)('the rewritten message, against Perl SpamAssassin 4.0.1', () => {
  for (const reportSafe of [0, 1, 2]) {
    for (const [ending, form] of [['LF', (b: Buffer) => b], ['CRLF', crlf]] as const) {
      it(`is byte-identical for all ${fixtures.length} fixtures with report_safe ${reportSafe}, ${ending} line endings`, async () => {
        const { dir, rules, site } = rulesDir({ 'local.cf': config(reportSafe) }, { dir: path.join(work, `rs${reportSafe}-${ending}`) });
        const msgs = path.join(dir, 'msgs');
        mkdirSync(msgs, { recursive: true });
        const files = fixtures.map((f) => {
          const file = path.join(msgs, f.name);
          writeFileSync(file, form(f.raw));
          return file;
        });
        const perl = perlRewrites(rules, site, files);
        const rs = await loadRuleSet({ rules, site });
        let spam = 0;
        for (const [i, f] of fixtures.entries()) {
          const r = await rs.check(form(f.raw), { rewrite: true });
          if (r.isSpam) spam++;
          expect({ file: f.name, message: masked(r.message!.toString('latin1')) }).toEqual({ file: f.name, message: masked(perl[i]!) });
        }
        // the comparison covers both kinds: rewritten spam and ham with headers added
        expect(spam).toBeGreaterThanOrEqual(10);
        expect(spam).toBeLessThan(fixtures.length);
      }, 180_000);
    }
  }
});
