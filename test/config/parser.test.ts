import { describe, expect, it } from 'vitest';
import { messages, parse } from './helpers.js';

const names = (cfg: ReturnType<typeof parse>) => [...cfg.definitions.keys()];

describe('the configuration parser', () => {
  it('defines rules of every type, recording where each came from', () => {
    const cfg = parse(
      [
        'header H1 Subject =~ /free/i',
        'header H2 exists:X-Mailer',
        'header H3 eval:check_for_missing_to_header()',
        'header H4 eval:check_rbl("zen", "zen.spamhaus.org.")',
        'body B1 /cheap/',
        'body B2 eval:check_body_length("100")',
        'rawbody R1 /<b>/i',
        'full F1 /^Received:/m',
        'uri U1 /\\.example\\.com/',
        'meta M1 H1 && B1',
        'reuse OLD1',
      ].join('\n'),
    );
    expect(messages(cfg)).toEqual([]);
    const one = (n: string) => cfg.definitions.get(n)![0]!;
    expect(one('H1')).toMatchObject({ type: 'header', isEval: false, header: { header: 'Subject', negate: false } });
    expect(one('H2').header).toEqual({ header: 'X-Mailer', exists: true, negate: false });
    expect(one('H3')).toMatchObject({ type: 'header', isEval: true, isRbl: false, text: 'check_for_missing_to_header()' });
    expect(one('H4')).toMatchObject({ isEval: true, isRbl: true });
    expect(one('B2')).toMatchObject({ type: 'body', isEval: true });
    expect(one('U1')).toMatchObject({ type: 'uri', regexText: '/\\.example\\.com/' });
    expect(one('M1')).toMatchObject({ type: 'meta', text: 'H1 && B1' });
    expect(one('OLD1')).toMatchObject({ type: 'empty' });
    expect(one('F1').source).toEqual({ file: 'test.cf', line: 8 });
  });

  it('reads header modifiers and if-unset, refusing unknown modifiers', () => {
    const cfg = parse('header A From:addr =~ /x/\nheader B Subject !~ /./ [if-unset: none]\nheader C From:bogus =~ /x/');
    expect(cfg.definitions.get('A')![0]!.header).toMatchObject({ header: 'From:addr' });
    expect(cfg.definitions.get('B')![0]!.header).toEqual({ header: 'Subject', exists: false, negate: true, ifUnset: 'none' });
    expect(cfg.definitions.has('C')).toBe(false);
    expect(messages(cfg)).toEqual(['config: invalid header modifier for C: From:bogus']);
  });

  it('applies one score to all four sets, or four scores in order, and relative scores', () => {
    const cfg = parse('score A 2.5\nscore B 0 1 2 3\nscore A (1)\nscore C (1)');
    expect(cfg.scores.get('A')).toEqual([3.5, 3.5, 3.5, 3.5]);
    expect(cfg.scores.get('B')).toEqual([0, 1, 2, 3]);
    expect(messages(cfg)).toEqual(["config: invalid 'score' value in test.cf (line 4): score C (1)"]);
  });

  it('lets a later tflags or describe line replace the earlier one', () => {
    const cfg = parse('tflags A net\ntflags A nice\ndescribe A one\ndescribe A two words');
    expect(cfg.tflags.get('A')).toBe('nice');
    expect(cfg.descriptions.get('A')).toBe('two words');
  });

  it('reports an unknown directive with file and line and keeps reading', () => {
    const cfg = parse('bogus_directive 1\nscore A 1\n');
    expect(cfg.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'unknown-directive',
        file: 'test.cf',
        line: 1,
        message: 'config: failed to parse line in test.cf (line 1): bogus_directive 1',
      }),
    ]);
    expect(cfg.scores.get('A')).toEqual([1, 1, 1, 1]);
  });

  it('reports bad values of typed settings', () => {
    const cfg = parse('required_score lots\nuse_bayes maybe\ntflags A\nrequired_hits 6');
    expect(messages(cfg)).toEqual([
      "config: invalid 'required_score' value in test.cf (line 1): required_score lots",
      "config: invalid 'use_bayes' value in test.cf (line 2): use_bayes maybe",
      "config: missing 'tflags' value in test.cf (line 3): tflags A",
    ]);
    expect(cfg.settings.get('required_score')).toBe(6);
  });

  it('refuses rule names SA refuses', () => {
    const cfg = parse('body 9LIVES /x/\nbody GOOD /x/');
    expect(names(cfg)).toEqual(['GOOD']);
    expect(messages(cfg)[0]).toMatch(/rule '9LIVES' has invalid characters/);
  });

  it('refuses ** in metas before anything else', () => {
    const cfg = parse('meta M A ** 2');
    expect(messages(cfg)).toEqual(["config: invalid 'meta' value in test.cf (line 1): meta M A ** 2"]);
  });

  it('keeps `ok_languages` outside TextCat as a warning, not an error (SA migrated it to a plugin)', () => {
    const cfg = parse('ok_languages all');
    expect(messages(cfg)).toEqual([]);
    expect(messages(cfg, 'warning')).toEqual(['config: failed to parse line, now a plugin in test.cf (line 1): ok_languages all']);
  });
});

describe('conditional blocks', () => {
  it('skip the rules of an unloaded plugin and keep those of a loaded one', () => {
    const cfg = parse(
      [
        'loadplugin Mail::SpamAssassin::Plugin::HeaderEval',
        'ifplugin Mail::SpamAssassin::Plugin::HeaderEval',
        'header A eval:check_for_missing_to_header()',
        'endif',
        'ifplugin Mail::SpamAssassin::Plugin::TextCat',
        'body B eval:check_language()',
        'endif',
      ].join('\n'),
    );
    expect(names(cfg)).toEqual(['A']);
  });

  it('warn about loading a plugin nobody registered, and skip its blocks', () => {
    const cfg = parse('loadplugin My::Missing::Plugin\nifplugin My::Missing::Plugin\nbody B /x/\nendif');
    expect(names(cfg)).toEqual([]);
    expect(messages(cfg, 'warning')).toEqual(['plugin: failed to load plugin My::Missing::Plugin: no such plugin is registered']);
  });

  it('nest, with else flipping only when no enclosing block is false', () => {
    const cfg = parse(
      [
        'if (version >= 4.0)',
        '  if (version < 3.0)',
        '    body A /x/',
        '  else',
        '    body B /x/',
        '  endif',
        'else',
        '  body C /x/',
        'endif',
        'if 0',
        '  if 1',
        '    body D /x/',
        '  else',
        '    body E /x/',
        '  endif',
        'endif',
      ].join('\n'),
    );
    expect(names(cfg)).toEqual(['B']);
  });

  it('report unbalanced endif/else and blocks left open at the end of a file', () => {
    const cfg = parse([{ name: 'a.cf', text: 'endif\nif 1\nbody A /x/\n' }, { name: 'b.cf', text: 'body B /x/\n' }]);
    expect(messages(cfg)).toEqual([
      "config: missing starting 'if' for 'endif' in a.cf (line 1): endif",
      "config: unclosed 'if' found in a.cf (line 2)",
    ]);
    // The next file starts with no open blocks.
    expect(names(cfg)).toEqual(['A', 'B']);
  });

  it('defines the compat flags enable_compat creates, for later can() probes', () => {
    const cfg = parse(
      'enable_compat welcomelist_blocklist\nif can(Mail::SpamAssassin::Conf::compat_welcomelist_blocklist)\nbody A /x/\nendif\nif can(Mail::SpamAssassin::Conf::compat_other)\nbody B /x/\nendif',
    );
    expect(names(cfg)).toEqual(['A']);
  });

  it('skip the rest of a file whose require_version does not match', () => {
    const cfg = parse('require_version @@VERSION@@\nbody A /x/\nrequire_version 3.004006\nbody B /x/');
    expect(names(cfg)).toEqual(['A']);
    expect(messages(cfg)[0]).toMatch(/requires version 3.004006 of SpamAssassin/);
  });
});

describe('include', () => {
  const files: Record<string, string> = {
    '/r/main.cf': 'body A /x/\ninclude sub/more.cf\nbody C /x/\n',
    '/r/sub/more.cf': 'body B /x/\n',
    '/r/loop1.cf': 'include loop2.cf\nbody L1 /x/\n',
    '/r/loop2.cf': 'include loop1.cf\nbody L2 /x/\n',
  };
  const resolveInclude = (p: string, from: string) => {
    const full = p.startsWith('/') ? p : from.replace(/[^/]*$/, '') + p;
    return files[full] !== undefined ? { name: full, text: files[full]! } : undefined;
  };

  it('reads a file relative to the including one, in place', () => {
    const cfg = parse([{ name: '/r/main.cf', text: files['/r/main.cf']! }], { resolveInclude });
    expect(names(cfg)).toEqual(['A', 'B', 'C']);
    expect(cfg.definitions.get('B')![0]!.source).toEqual({ file: '/r/sub/more.cf', line: 1 });
  });

  it('reports a cycle as an error instead of looping, and reads the rest', () => {
    const cfg = parse([{ name: '/r/loop1.cf', text: files['/r/loop1.cf']! }], { resolveInclude });
    expect(names(cfg)).toEqual(['L2', 'L1']);
    expect(cfg.diagnostics.map((d) => d.code)).toEqual(['include-cycle']);
  });

  it('reports a missing file with the including file and line', () => {
    const cfg = parse('include nowhere.cf\nbody A /x/', { resolveInclude });
    expect(cfg.diagnostics).toEqual([expect.objectContaining({ code: 'include-failed', file: 'test.cf', line: 1 })]);
    expect(names(cfg)).toEqual(['A']);
  });
});
