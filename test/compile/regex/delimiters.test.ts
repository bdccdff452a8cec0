import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stripDelimiters } from '../../../src/compile/regex/delimiters.js';

const SA_UTIL_AVAILABLE = (() => {
  try {
    return spawnSync('perl', ['-MMail::SpamAssassin::Util', '-e', 'exit 0']).status === 0;
  } catch {
    return false;
  }
})();

describe('stripDelimiters', () => {
  it('takes the pattern between slashes and the trailing modifiers', () => {
    expect(stripDelimiters('/foo bar/i')).toEqual({ pattern: 'foo bar', flags: 'i' });
    expect(stripDelimiters('/foo/')).toEqual({ pattern: 'foo', flags: '' });
  });

  it('accepts m and qr with any non-word delimiter, as SA does', () => {
    expect(stripDelimiters('m;a/b;i')).toEqual({ pattern: 'a/b', flags: 'i' });
    expect(stripDelimiters('m,x,')).toEqual({ pattern: 'x', flags: '' });
    expect(stripDelimiters('qr!x!sm')).toEqual({ pattern: 'x', flags: 'sm' });
    expect(stripDelimiters('m\xa7x\xa7')).toEqual({ pattern: 'x', flags: '' });
  });

  it('pairs { ( < [ with their closing brackets', () => {
    expect(stripDelimiters('m{a{1,2}}i')).toEqual({ pattern: 'a{1,2}', flags: 'i' });
    expect(stripDelimiters('m(a(b))')).toEqual({ pattern: 'a(b)', flags: '' });
    expect(stripDelimiters('m[a[b]]')).toEqual({ pattern: 'a[b]', flags: '' });
    expect(stripDelimiters('m<a>')).toEqual({ pattern: 'a', flags: '' });
  });

  it('does not check unescaped } ) ] inside paired delimiters, but does check > (SA only exempts } ) ])', () => {
    expect(stripDelimiters('m{.{0,10}}')).toEqual({ pattern: '.{0,10}', flags: '' });
    expect(stripDelimiters('m<a>b>')).toEqual({ error: "unquoted delimiter '>' found" });
  });

  it('reports a missing or backslash delimiter with SA\'s wording', () => {
    expect(stripDelimiters('foo')).toEqual({ error: 'missing regexp delimiters' });
    expect(stripDelimiters('mfoom')).toEqual({ error: 'missing regexp delimiters' });
    expect(stripDelimiters('m\\a\\')).toEqual({ error: 'backslash delimiter not allowed' });
  });

  it('rejects the e modifier and anything else after the closing delimiter', () => {
    expect(stripDelimiters('/a/e')).toEqual({ error: 'invalid end delimiter/mods' });
    expect(stripDelimiters('/a/i ')).toEqual({ error: 'invalid end delimiter/mods' });
    expect(stripDelimiters('/a')).toEqual({ error: 'invalid end delimiter/mods' });
  });

  it('passes modifiers it does not judge (g, o, x...) on to the regex compiler, like SA', () => {
    expect(stripDelimiters('/a/gox')).toEqual({ pattern: 'a', flags: 'gox' });
  });

  it('rejects (?{ and (??{ code blocks', () => {
    expect(stripDelimiters('/a(?{ 1 })/')).toEqual({ error: 'eval (?{}) found' });
    expect(stripDelimiters('/a(??{ 1 })/')).toEqual({ error: 'eval (?{}) found' });
  });

  it('rejects an unescaped delimiter inside, after removing escaped backslashes', () => {
    expect(stripDelimiters('/a/b/')).toEqual({ error: "unquoted delimiter '/' found" });
    expect(stripDelimiters('/a\\\\/b/')).toEqual({ error: "unquoted delimiter '/' found" });
    expect(stripDelimiters('/a\\/b/')).toEqual({ pattern: 'a\\/b', flags: '' });
    expect(stripDelimiters('m!a\\!b!')).toEqual({ pattern: 'a\\!b', flags: '' });
  });

  it('takes the leftmost closing delimiter that is followed only by modifiers', () => {
    // SA: s/\Q$end\E([a-df-z]*)\z// — "/a/i/" leaves "a/i", which then has an unquoted "/".
    expect(stripDelimiters('/a/i/')).toEqual({ error: "unquoted delimiter '/' found" });
  });

  it.skipIf(!SA_UTIL_AVAILABLE)('agrees with the installed Mail::SpamAssassin::Util::compile_regexp', () => {
    const inputs = [
      '/a/i', 'm{a}s', 'm!a!', 'a', 'm\\a\\', '/a/e', '/a(?{1})/', '/a/b/', 'm<a>b>', 'qr(a)', 'm{a{1}}',
      '/a\\\\/b/', '/a\\/b/', 'm;x;i', 'm,a,b,', '/a/i/', 'm#a#', 'm a ', 'qr{x', '/a/ms', 'm[a]]', 'm(a))',
      '/x/zz', 'm\xa7x\xa7',
    ];
    const script =
      'while (my $r = <STDIN>) { chomp $r; $r = pack("H*", $r); my ($q, $e) = Mail::SpamAssassin::Util::compile_regexp($r, 1);' +
      ' print defined $q ? "OK\\t$q\\n" : "ERR\\t$e\\n"; }';
    const input = inputs.map((s) => Buffer.from(s, 'latin1').toString('hex')).join('\n') + '\n';
    const res = spawnSync('perl', ['-MMail::SpamAssassin::Util', '-e', script], { input, encoding: 'latin1' });
    const lines = res.stdout.split('\n');
    const delimiterErrors = /^(missing regexp delimiters|backslash delimiter not allowed|invalid end delimiter\/mods|eval \(\?\{\}\) found|unquoted delimiter)/;
    inputs.forEach((input, k) => {
      const [status, text = ''] = lines[k]!.split('\t');
      const ours = stripDelimiters(input);
      if (status === 'OK') {
        // SA's qr// stringifies as (?^aa:(?mods)pattern).
        expect('pattern' in ours, input).toBe(true);
        if ('pattern' in ours) {
          const rebuilt = `(?^aa:${ours.flags ? `(?${ours.flags})` : ''}${ours.pattern})`;
          expect(rebuilt, input).toBe(text);
        }
      } else if (delimiterErrors.test(text)) {
        expect(ours, input).toEqual({ error: text });
      } else {
        // Perl rejected the regex itself; the delimiter step must have succeeded.
        expect('pattern' in ours, `${input}: ${text}`).toBe(true);
      }
    });
  });
});
