/**
 * Test-side configuration for the URI tests: SA's TLD lists parsed from the `util_rb_*` lines of
 * the stock `20_aux_tlds.cf`, and the stock `redirector_pattern`s translated to JS RegExps with
 * our Perl-regex translator. Test data only: the library takes both as input.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripDelimiters } from '../../../src/compile/regex/delimiters.js';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';
import type { TldSets } from '../../../src/message/uri/index.js';

export const SA_RULES = '/work/shared/spamassassin-4.0.1/rules';
export const SA_SITE = '/work/shared/spamassassin-4.0.1/site';
const TLD_FILE = join(SA_RULES, '20_aux_tlds.cf');

/** Whether the stock rule tree is present. */
export function stockRulesAvailable(): boolean {
  return existsSync(TLD_FILE);
}

/** `util_rb_tld`, `util_rb_2tld`, `util_rb_3tld` of 20_aux_tlds.cf (all ASCII, lowercased as idn_to_ascii would). */
export function loadStockTlds(): TldSets {
  const tld = new Set<string>();
  const twoLevel = new Set<string>();
  const threeLevel = new Set<string>();
  for (const line of readFileSync(TLD_FILE, 'latin1').split('\n')) {
    const m = /^\s*util_rb_(tld|2tld|3tld)\s+(.*?)\s*$/.exec(line.replace(/(?<!\\)#.*$/, ''));
    if (!m) continue;
    const set = m[1] === 'tld' ? tld : m[1] === '2tld' ? twoLevel : threeLevel;
    for (const w of m[2]!.split(/\s+/)) if (w) set.add(w.toLowerCase());
  }
  return { tld, twoLevel, threeLevel };
}

/** Every active `redirector_pattern` of the stock rules, in SA's load order, as JS RegExps. */
export function loadStockRedirectors(): RegExp[] {
  const out: RegExp[] = [];
  const files = readdirSync(SA_RULES).filter((f) => f.endsWith('.cf')).sort();
  for (const f of files) {
    for (const line of readFileSync(join(SA_RULES, f), 'latin1').split('\n')) {
      const m = /^\s*redirector_pattern\s+(.*?)\s*$/.exec(line);
      if (!m) continue;
      const parts = stripDelimiters(m[1]!);
      if ('error' in parts) continue;
      const t = translatePerlRegex(parts.pattern, parts.flags);
      out.push(new RegExp(t.js.source, t.js.flags));
    }
  }
  return out;
}
