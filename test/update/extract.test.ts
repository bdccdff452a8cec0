/** What sa-update does to an update's files before writing them: names, macros, code-loading lines. */
import { describe, expect, it } from 'vitest';
import { extractUpdate, memberFileName, rewriteConfigText } from '../../src/update/extract.js';

describe('memberFileName', () => {
  it('keeps flat names of safe characters, dropping ./ prefixes', () => {
    expect(memberFileName('72_active.cf')).toBe('72_active.cf');
    expect(memberFileName('./languages')).toBe('languages');
  });

  it('refuses directories, parent references and unusual characters', () => {
    expect(() => memberFileName('../escape.cf')).toThrow(/not a plain file name/);
    expect(() => memberFileName('sub/dir.cf')).toThrow(/not a plain file name/);
    expect(() => memberFileName('..')).toThrow(/not a plain file name/);
    expect(() => memberFileName('we ird.cf')).toThrow(/unsafe file name/);
    expect(() => memberFileName('/etc/passwd\n')).toThrow(/unsafe/);
  });
});

describe('rewriteConfigText', () => {
  it('fills in the macros sa-update knows and leaves others', () => {
    expect(rewriteConfigText('require_version @@VERSION@@\nreport_contact @@CONTACT_ADDRESS@@\nx @@UNKNOWN@@\n')).toBe(
      'require_version 4.000001\nreport_contact the administrator of that system\nx @@UNKNOWN@@\n',
    );
  });

  it('comments out lines that load code, as sa-update writes them (its separator eaten)', () => {
    expect(rewriteConfigText('  loadplugin Foo::Bar\ntryplugin X\nbayes_store_module M\ndcc_path /bin/dcc\nbody A /a/\n')).toBe(
      '#(commented by sa-update, no --allowplugins switch specified)# loadpluginFoo::Bar\n' +
        '#(commented by sa-update, no --allowplugins switch specified)# tryplugin' +
        'X\n#(commented by sa-update, no --allowplugins switch specified)# bayes_store_module' +
        'M\n#(commented by sa-update, no --allowplugins switch specified)# dcc_path/bin/dcc\nbody A /a/\n',
    );
  });

  it('keeps them with allowPlugins, but never lets an update set dns_server', () => {
    expect(rewriteConfigText('loadplugin Foo\ndns_server 10.0.0.1\n', true)).toBe('loadplugin Foo\n#(commented by sa-update, not allowed)# dns_server 10.0.0.1\n');
  });
});

describe('extractUpdate', () => {
  it('rewrites only .cf and .pre files, and the last of two members with one name wins', () => {
    const files = extractUpdate([
      { name: 'a.cf', data: Buffer.from('require_version @@VERSION@@\n') },
      { name: 'MIRRORED.BY', data: Buffer.from('@@VERSION@@') },
      { name: './a.cf', data: Buffer.from('second\n') },
    ]);
    expect(files.map((f) => [f.name, f.data.toString()])).toEqual([
      ['MIRRORED.BY', '@@VERSION@@'],
      ['a.cf', 'second\n'],
    ]);
  });
});
