/**
 * Every regex of the stock SpamAssassin 4.0.1 rules (when ../shared is present): all must
 * translate, and on a few hundred subjects per pattern V8 must agree with real perl exactly,
 * exact RE2 forms too, and superset RE2 forms must never miss a perl match.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripDelimiters } from '../../../src/compile/regex/delimiters.js';
import { RegexTranslateError } from '../../../src/compile/regex/errors.js';
import { parsePerlRegex } from '../../../src/compile/regex/parser.js';
import { mismatches, prepare, RE2_AVAILABLE, type Prepared } from './helpers.js';
import { PERL_AVAILABLE, runPerl, type PerlCase } from './perl-oracle.js';
import { flipCase, MAIL_BLOCKS, MAIL_LINES, rng, sampleFromAst } from './samples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RULES_DIR = path.resolve(here, '../../../../shared/spamassassin-4.0.1/rules');
const HAVE_RULES = existsSync(RULES_DIR);

/**
 * Stock patterns that have no exact V8 form, with the reason. Each is a real limit, not a bug:
 * see the error code in src/compile/regex/errors.ts.
 */
const KNOWN_UNTRANSLATABLE: ReadonlyMap<string, string> = new Map([
  // `(?!(?i)\1)` inside a case-sensitive pattern: V8 11 cannot scope `i` to one backreference.
  ['__HELO_NOT_RDNS', 'case-insensitive-backreference'],
]);

interface StockPattern {
  file: string;
  line: number;
  type: string;
  name: string;
  text: string;
}

/** Rule lines of the regex types, with SA's comment stripping (Conf/Parser.pm). */
function stockPatterns(): StockPattern[] {
  const out: StockPattern[] = [];
  for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith('.cf')).sort()) {
    const lines = readFileSync(path.join(RULES_DIR, file), 'latin1').split('\n');
    lines.forEach((raw, k) => {
      let line = raw.replace(/(?<!\\)#.*$/, '').replace(/\\#/g, '#').trim();
      line = line.replace(/^lang\s+\S+\s+/, '');
      const m = /^(header|body|rawbody|uri|full|mimeheader)\s+(\S+)\s+(.*)$/.exec(line);
      if (!m) return;
      const [, type, name] = m as unknown as [string, string, string];
      let text = m[3]!;
      if (/^(?:eval|exists):/.test(text)) return;
      if (type === 'header' || type === 'mimeheader') {
        const h = /^\S+\s*[=!]~\s*(.*)$/.exec(text);
        if (!h) return;
        text = h[1]!.replace(/\s*\[if-unset:.*\]$/, '');
      }
      // Conf/Parser.pm parse_captures: capture templates %{NAME} become the literal text %\{NAME\}
      // before compile_regexp; the real value is substituted per message, later.
      text = text.replace(/(?<!\\)%\{([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\([^)}]*\))?)\}/g, '%\\{$1\\}');
      out.push({ file, line: k + 1, type, name, text });
    });
  }
  return out;
}

describe.skipIf(!HAVE_RULES)('stock SpamAssassin 4.0.1 rule patterns', () => {
  const patterns = HAVE_RULES ? stockPatterns() : [];
  const prepared = new Map<string, { p: StockPattern; pattern: string; flags: string; prep: Prepared }>();
  const failures: string[] = [];

  it('strips the delimiters of every stock pattern', () => {
    expect(patterns.length).toBeGreaterThan(1500);
    const bad = patterns.filter((p) => 'error' in stripDelimiters(p.text)).map((p) => `${p.name}: ${p.text}`);
    expect(bad).toEqual([]);
  });

  it('translates every stock pattern into a V8 RegExp that constructs (apart from the documented exceptions)', () => {
    const unexpected: string[] = [];
    const exceptions: string[] = [];
    for (const p of patterns) {
      const split = stripDelimiters(p.text);
      if ('error' in split) continue;
      try {
        const prep = prepare(split.pattern, split.flags);
        prepared.set(`${split.flags}\0${split.pattern}`, { p, pattern: split.pattern, flags: split.flags, prep });
      } catch (err) {
        const code = err instanceof RegexTranslateError ? err.code : 'crash';
        if (KNOWN_UNTRANSLATABLE.get(p.name) === code) exceptions.push(p.name);
        else unexpected.push(`${p.file}:${p.line} ${p.name} ${p.text}\n    -> ${(err as Error).message}`);
      }
    }
    failures.push(...unexpected);
    expect(unexpected).toEqual([]);
    expect(new Set(exceptions)).toEqual(new Set(KNOWN_UNTRANSLATABLE.keys()));

    // The summary the lead asked for: how many RE2 forms are exact, answer-exact, supersets, none.
    const counts = { total: patterns.length, distinct: prepared.size, jsOk: prepared.size, exact: 0, testExact: 0, superset: 0, none: 0 };
    const reasons = new Map<string, number>();
    for (const { prep } of prepared.values()) {
      const r = prep.t.re2;
      if (!r) counts.none++;
      else if (r.exact) counts.exact++;
      else if (r.testExact) counts.testExact++;
      else counts.superset++;
      for (const reason of (prep.t.re2Reason ?? '').split(/[,;] /).filter(Boolean)) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    console.log('stock patterns:', JSON.stringify(counts), '\nnot exact in RE2, by reason:', JSON.stringify(Object.fromEntries(reasons)), '\nuntranslatable:', exceptions.join(', '));
  });

  it.skipIf(!PERL_AVAILABLE)('gives the same answers as perl on generated and mail-like subjects', () => {
    expect(prepared.size).toBeGreaterThan(1500);
    const rand = rng(20240501);
    const entries = [...prepared.values()];
    const cases: PerlCase[] = entries.map(({ pattern, flags }) => {
      const root = parsePerlRegex(pattern, flags).root;
      const subjects: string[] = [...MAIL_LINES, ...MAIL_BLOCKS];
      for (let k = 0; k < 6; k++) {
        const s = sampleFromAst(root, rand).slice(0, 3000);
        subjects.push(s, `${s}\n`, `x ${s} y\n`, `\n${s}\n\n`, flipCase(s, rand), s.slice(0, -1), s.slice(1));
      }
      return { pattern, flags, subjects };
    });
    const perl = runPerl(cases);
    const problems: string[] = [];
    let pairs = 0;
    let hits = 0;
    let patternsHit = 0;
    entries.forEach((entry, k) => {
      const outcome = perl[k]!;
      if ('error' in outcome) {
        problems.push(`${entry.p.name}: perl rejected it: ${outcome.error}`);
        return;
      }
      pairs += outcome.spans.length;
      const n = outcome.spans.filter(Boolean).length;
      hits += n;
      if (n > 0) patternsHit++;
      cases[k]!.subjects.forEach((subject, j) => {
        for (const m of mismatches(entry.prep, subject, outcome.spans[j]!)) {
          if (problems.length < 40) problems.push(`${entry.p.name} ${JSON.stringify(entry.p.text)} on ${JSON.stringify(subject.slice(0, 120))}: ${m}`);
        }
      });
    });
    console.log(`perl differential: ${pairs} pattern/subject pairs, ${hits} perl matches, ${patternsHit}/${entries.length} patterns matched at least once`);
    expect(problems).toEqual([]);
    if (!RE2_AVAILABLE) console.log('re2 not loadable: only the V8 forms were compared');
  });
});
