/**
 * The regexes SpamAssassin itself compiles from the stock rules (after ReplaceTags and capture
 * template handling), taken from a real `Mail::SpamAssassin` when it is installed: these are the
 * texts that actually run. Each must translate, and V8 must give perl's answers on sample subjects.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RegexTranslateError } from '../../../src/compile/regex/errors.js';
import { parsePerlRegex } from '../../../src/compile/regex/parser.js';
import { mismatches, prepare, type Prepared } from './helpers.js';
import { runPerl, type PerlCase } from './perl-oracle.js';
import { MAIL_BLOCKS, MAIL_LINES, rng, sampleFromAst } from './samples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../../../shared/spamassassin-4.0.1');

/** Loads SA with the shared stock rules and prints `name TAB hex(qr text)` for every regex rule. */
const DUMP = `
use Mail::SpamAssassin;
my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1,
  rules_filename => $ARGV[0], site_rules_filename => $ARGV[1], userprefs_filename => '/nonexistent' });
$sa->init(0);
my $qrs = $sa->{conf}->{test_qrs};
for my $name (sort keys %$qrs) {
  my $text = "$qrs->{$name}";
  next unless $text =~ s/^\\(\\?\\^aa:// && $text =~ s/\\)\\z//;
  print $name, "\\t", unpack('H*', $text), "\\n";
}
`;

function activeRegexes(): Array<{ name: string; pattern: string }> | undefined {
  if (!existsSync(path.join(SHARED, 'rules'))) return undefined;
  try {
    const res = spawnSync('perl', ['-e', DUMP, path.join(SHARED, 'rules'), path.join(SHARED, 'site')], {
      encoding: 'latin1',
      maxBuffer: 1 << 28,
    });
    if (res.status !== 0) return undefined;
    const out = res.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, hex] = line.split('\t');
        return { name: name!, pattern: Buffer.from(hex!, 'hex').toString('latin1') };
      });
    return out.length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

const ACTIVE = activeRegexes();

/**
 * V8 compiles a regex on first use, and the few ReplaceTags expansions above 3 KB (up to 220 KB)
 * take 0.1-0.8 s each to compile. They are checked only with SPAMSCORE_SLOW_TESTS=1 to keep the
 * suite fast; their ingredients are covered by the smaller expansions (and by stock-corpus.test.ts before expansion).
 */
const MAX_PATTERN_LENGTH = process.env.SPAMSCORE_SLOW_TESTS ? Infinity : 3000;

describe.skipIf(!ACTIVE)('regexes compiled by the installed SpamAssassin from the stock rules', () => {
  const prepared: Array<{ name: string; pattern: string; prep: Prepared }> = [];

  it('translates every one of them (the (?mods) prefix SA adds is parsed inline)', () => {
    const failed: string[] = [];
    for (const { name, pattern } of ACTIVE!) {
      try {
        prepared.push({ name, pattern, prep: prepare(pattern, '') });
      } catch (err) {
        const code = err instanceof RegexTranslateError ? err.code : 'crash';
        if (!(name === '__HELO_NOT_RDNS' && code === 'case-insensitive-backreference')) failed.push(`${name}: ${(err as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
    expect(prepared.length).toBe(ACTIVE!.length - 1);
  });

  it('gives the same answers as perl on generated and mail-like subjects', () => {
    const rand = rng(1521);
    const checked = prepared.filter((p) => p.pattern.length <= MAX_PATTERN_LENGTH);
    expect(checked.length).toBeGreaterThan(1350);
    const cases: PerlCase[] = checked.map(({ pattern }) => {
      const root = parsePerlRegex(pattern, '').root;
      const subjects: string[] = [...MAIL_LINES, ...MAIL_BLOCKS];
      for (let k = 0; k < 4; k++) {
        const s = sampleFromAst(root, rand).slice(0, 2000);
        subjects.push(s, `${s}\n`, `x ${s} y\n`);
      }
      return { pattern, flags: '', subjects };
    });
    const perl = runPerl(cases);
    const problems: string[] = [];
    checked.forEach(({ name, prep }, k) => {
      const outcome = perl[k]!;
      if ('error' in outcome) {
        problems.push(`${name}: perl rejected it: ${outcome.error}`);
        return;
      }
      cases[k]!.subjects.forEach((subject, j) => {
        for (const m of mismatches(prep, subject, outcome.spans[j]!)) {
          if (problems.length < 30) problems.push(`${name} on ${JSON.stringify(subject.slice(0, 100))}: ${m}`);
        }
      });
    });
    expect(problems).toEqual([]);
  });
});
