/**
 * Long chains of metas and hostile `rules_matching()` globs compile in time linear in their
 * size, with SpamAssassin's answers: a meta chain ending in a rule is solved, one ending in a
 * cycle is not; `net` reaches every meta above a network rule; a glob matches as SA's `^…$`
 * regex (`*` as `.*?`, `?` as `.`) would.
 */
import { describe, expect, it } from 'vitest';
import { globMatches } from '../../src/compile/meta.js';
import { compile, errors } from './helpers.js';

const chain = (n: number, end: string) =>
  Array.from({ length: n }, (_, i) => `meta M${i} M${i + 1}`).join('\n') + `\nmeta M${n} ${end}\n`;

describe('a chain of 20,000 metas', () => {
  it('ending in a body rule is solved all the way up', () => {
    const rs = compile(`body LEAF /leaf/\n${chain(20_000, 'LEAF')}`);
    expect(errors(rs)).toEqual([]);
    expect(rs.rules.get('M0')!.runnable).toBe(true);
  });

  it('ending in a cycle is unsolved all the way up, each meta reported once', () => {
    const rs = compile(`${chain(20_000, 'M0')}meta OK 1\n`);
    expect(errors(rs)).toHaveLength(20_001);
    expect(rs.rules.get('M12345')!.runnable).toBe(false);
    expect(rs.rules.get('OK')!.runnable).toBe(true);
  });

  it('above a net rule is net all the way up', () => {
    const rs = compile(`header NETLEAF eval:check_rbl('x', 'example.com.')\ntflags NETLEAF net\n${chain(20_000, 'NETLEAF')}`);
    expect(rs.rules.get('M0')!.tflags).toBe('net');
  });
});

describe('a rules_matching glob', () => {
  it('matches exactly the names the anchored regex matches', () => {
    let seed = 11;
    const pick = (s: string) => s[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % s.length]!;
    for (let i = 0; i < 20_000; i++) {
      const glob = Array.from({ length: 1 + (i % 7) }, () => pick('ab*?_')).join('');
      const name = Array.from({ length: i % 9 }, () => pick('ab_')).join('');
      const re = new RegExp('^' + glob.replace(/\?/g, '.').replace(/\*/g, '.*?') + '$');
      expect(globMatches(glob, name), `${glob} ${name}`).toBe(re.test(name));
    }
  });

  it('of 63 stars against a name of 127 letters answers (the regex would backtrack for ages)', () => {
    expect(globMatches(`${'*a'.repeat(63)}*c`, 'a'.repeat(127))).toBe(false);
    expect(globMatches(`${'*a'.repeat(63)}*`, 'a'.repeat(127))).toBe(true);
  });
});
