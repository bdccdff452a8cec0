/**
 * One string contract at every entry point: a JS string is text, encoded to UTF-8 as a file
 * holding it would be; a Buffer / Uint8Array is bytes. Rules, messages and plugin tags in
 * Greek, Cyrillic and Chinese give what the same UTF-8 file gives — and what Perl
 * SpamAssassin gives for that file on disk.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToText } from '../src/config/bytes.js';
import { compileRuleSet, type RuleSet } from '../src/rule-set.js';
import { loadRuleSet } from '../src/load-rule-set.js';
import { definePlugin } from '../src/plugins/define-plugin.js';
import type { EvalContext } from '../src/plugins/types.js';
import { rulesDir } from './support/rules-dir.js';

const TAG = 'Größe Καλημέρα Привет 中奖';

/** The rules, one UTF-8 text; `loadplugin` names the Perl twin of {@link tagPlugin} for Perl's run. */
const RULES = [
  'body GR /Größe/',
  'describe GR Größe im Text',
  'body CYR /Привет/',
  'body GREEK /Καλημέρα/',
  'header CN Subject =~ /中奖/',
  'describe CN 中奖 in the Subject',
  'header GREEK_SUBJ Subject =~ /Καλημέρα/',
  'rawbody RAW_CN /中奖/',
  'header T_TAG eval:check_tag()',
  'add_header all Tag _MYTAG_',
  'add_header all Tests _TESTS(,)_',
  'report_safe 0',
];

/** Subject `中奖 Καλημέρα` (RFC 2047), an 8-bit UTF-8 body. */
const MESSAGE = [
  'From: a@example.com',
  'To: b@example.com',
  'Subject: =?UTF-8?B?5Lit5aWWIM6azrHOu863zrzOrc+BzrE=?=',
  'Message-ID: <1@example.com>',
  'Date: Tue, 15 Jun 2021 10:00:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Größe — Привет 中奖 Καλημέρα',
  '',
].join('\n');

const HITS = ['CN', 'CYR', 'GR', 'GREEK', 'GREEK_SUBJ', 'RAW_CN', 'T_TAG'];

const tagPlugin = definePlugin({ name: 'TagPlugin', evals: { check_tag: { run: (ctx) => (ctx.setTag('MYTAG', TAG), true) } } });

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A rules directory holding RULES as a UTF-8 `local.cf`, a site directory loading the Check plugin, and the Perl plugin. */
function onDisk(): { rules: string; site: string } {
  const { dir, rules, site } = rulesDir({}, { prefix: 'spamscore-strings-' });
  made.push(dir);
  writeFileSync(
    path.join(dir, 'TagPlugin.pm'),
    [
      'package TagPlugin;',
      'use strict; use warnings; use utf8;',
      'use Mail::SpamAssassin::Plugin;',
      'our @ISA = qw(Mail::SpamAssassin::Plugin);',
      "sub new { my ($class, $sa) = @_; my $self = $class->SUPER::new($sa); bless $self, $class; $self->register_eval_rule('check_tag'); return $self; }",
      `sub check_tag { my ($self, $pms) = @_; $pms->set_tag('MYTAG', "${TAG}"); return 1; }`,
      '1;',
      '',
    ].join('\n'),
    'utf8',
  );
  writeFileSync(path.join(rules, 'local.cf'), [`loadplugin TagPlugin ${path.join(dir, 'TagPlugin.pm')}`, ...RULES, ''].join('\n'), 'utf8');
  return { rules, site };
}

/** What the comparisons look at: the hits (and their descriptions) and our two added headers. */
async function outcome(rs: RuleSet, raw: string | Uint8Array) {
  expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const r = await rs.check(raw);
  return {
    hits: r.hits.map((h) => h.name).sort(),
    descriptions: Object.fromEntries(r.hits.filter((h) => h.name === 'GR' || h.name === 'CN').map((h) => [h.name, h.description])),
    tag: r.headers.find(([n]) => n === 'X-Spam-Tag')?.[1],
    tests: r.headers.find(([n]) => n === 'X-Spam-Tests')?.[1],
  };
}

const EXPECTED = {
  hits: HITS,
  descriptions: { GR: 'Größe im Text', CN: '中奖 in the Subject' },
  // SA's mime_encode_header of the UTF-8 bytes of a character string given to set_tag
  tag: '=?UTF-8?B?R3LDtsOfZSDOms6xzrvOt868zq3Pgc6xINCf0YDQuNCy0LXRgiDkuK3lpZY=?=',
  tests: HITS.join(','),
};

describe('configuration text', () => {
  it('matches UTF-8 mail when rules are given as JS strings (cf lines), as the same lines in a UTF-8 file do', async () => {
    const { rules, site } = onDisk();
    const fromFile = await loadRuleSet({ rules, site, plugins: [tagPlugin] });
    const comment = path.join(path.dirname(rules), 'comment.cf');
    writeFileSync(comment, '# the rules are the cf lines\n');
    const fromCf = await loadRuleSet({ rules: [comment], site, cf: RULES, plugins: [tagPlugin] });
    expect(await outcome(fromFile, Buffer.from(MESSAGE))).toEqual(EXPECTED);
    expect(await outcome(fromCf, Buffer.from(MESSAGE))).toEqual(EXPECTED);
  });

  it('is the same given to compileRuleSet as a string (text) or as a Buffer of its UTF-8 bytes', async () => {
    const text = RULES.join('\n') + '\n';
    expect(await outcome(compileRuleSet([{ name: 'local.cf', text }], { plugins: [tagPlugin] }), Buffer.from(MESSAGE))).toEqual(EXPECTED);
    expect(await outcome(compileRuleSet([{ name: 'local.cf', text: Buffer.from(text) }], { plugins: [tagPlugin] }), Buffer.from(MESSAGE))).toEqual(EXPECTED);
  });

  it('keeps bytes given as bytes: a Latin-1 rawbody pattern matches the Latin-1 bytes of a mail, not their UTF-8', async () => {
    const rs = compileRuleSet([{ name: 'latin1.cf', text: Buffer.from('rawbody RAW_GR /Größe/\n', 'latin1') }]);
    const mail = (body: Buffer) => Buffer.concat([Buffer.from('Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n'), body, Buffer.from('\n')]);
    expect((await rs.check(mail(Buffer.from('Größe', 'latin1')))).hits.map((h) => h.name)).toEqual(['RAW_GR']);
    expect((await rs.check(mail(Buffer.from('Größe', 'utf8')))).hits.map((h) => h.name)).toEqual([]);
  });

  it('matches a Latin-1 mail with a body rule given as text: SA renders bodies as UTF-8', async () => {
    const rs = compileRuleSet([{ name: 'text.cf', text: 'body GR /Größe/\n' }]);
    const mail = Buffer.concat([Buffer.from('Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n'), Buffer.from('Größe\n', 'latin1')]);
    expect((await rs.check(mail)).hits.map((h) => h.name)).toEqual(['GR']);
  });
});

describe('messages', () => {
  it('given as a string (readFile(p, "utf8")) score as the file\'s bytes do', async () => {
    const { rules, site } = onDisk();
    const file = path.join(path.dirname(rules), 'msg.eml');
    writeFileSync(file, MESSAGE, 'utf8');
    const rs = await loadRuleSet({ rules, site, plugins: [tagPlugin] });
    expect(await outcome(rs, readFileSync(file, 'utf8'))).toEqual(EXPECTED);
    expect(await outcome(rs, new Uint8Array(readFileSync(file)))).toEqual(EXPECTED);
  });
});

describe('the envelope', () => {
  it('is text: an SMTPUTF8 sender is written into the hop as UTF-8, where a rule given as text finds it', async () => {
    const rs = compileRuleSet([{ name: 'env.cf', text: 'header ENV_UTF8 EnvelopeFrom =~ /jürgen\\@例え\\.jp/\n' }]);
    const r = await rs.check(Buffer.from('Subject: x\n\nhi\n'), { envelope: { ip: '203.0.113.9', mailFrom: 'jürgen@例え.jp' }, hostname: 'mx.example.org' });
    expect(r.hits.map((h) => h.name)).toEqual(['ENV_UTF8']);
  });
});

describe.skipIf(spawnSync('spamassassin', ['--version']).status !== 0)('against Perl SpamAssassin 4.0.1', () => {
  it('hits the same rules and writes the same tag header for the UTF-8 rule file on disk', async () => {
    const { rules, site } = onDisk();
    const perl = spawnSync('spamassassin', ['-L', '-C', rules, `--siteconfigpath=${site}`], { input: Buffer.from(MESSAGE), encoding: 'latin1' });
    expect(perl.status).toBe(0);
    const header = (name: string) => new RegExp(`^X-Spam-${name}: ([^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'm').exec(perl.stdout)?.[1];
    expect({ tag: header('Tag'), tests: header('Tests') }).toEqual({ tag: EXPECTED.tag, tests: EXPECTED.tests });
    const ours = await outcome(await loadRuleSet({ rules, site, cf: [], plugins: [tagPlugin] }), MESSAGE);
    expect({ tag: ours.tag, tests: ours.tests }).toEqual({ tag: header('Tag'), tests: header('Tests') });
  });
});

describe('plugins', () => {
  /** Runs one eval on MESSAGE and returns what it saw, with the headers the scan added. */
  async function withEval(run: (ctx: EvalContext, ...args: string[]) => unknown, cf = 'header T_SEE eval:check_see()') {
    let seen: unknown;
    const plugin = definePlugin({ name: 'See', evals: { check_see: { run: (ctx, ...args) => ((seen = run(ctx, ...args)), true) } } });
    const rs = compileRuleSet([{ name: 'see.cf', text: `${cf}\nadd_header all Seen _SEEN_\nreport_safe 0\n` }], { plugins: [plugin] });
    const r = await rs.check(MESSAGE);
    return { seen, seenHeader: r.headers.find(([n]) => n === 'X-Spam-Seen')?.[1], report: r.report };
  }

  it('read headers and body as decoded text with the …Text helpers, and as SA\'s bytes with the others', async () => {
    const { seen } = await withEval((ctx) => ({
      subject: ctx.message.getScalarText('Subject'),
      subjects: ctx.message.getText('Subject'),
      missing: ctx.message.getScalarText('X-None', 'κανένα'),
      body: ctx.message.bodyText()[1]!.trim(),
      raw: ctx.message.rawbodyText().join(''),
      bytes: ctx.message.getScalar('Subject'),
    }));
    expect(seen).toEqual({
      subject: '中奖 Καλημέρα\n',
      subjects: ['中奖 Καλημέρα\n'],
      missing: 'κανένα',
      body: 'Größe — Привет 中奖 Καλημέρα',
      raw: 'Größe — Привет 中奖 Καλημέρα\n',
      bytes: Buffer.from('中奖 Καλημέρα\n').toString('latin1'),
    });
  });

  it('set a tag from text, or from the message\'s bytes with \'latin1\', and both are written as UTF-8', async () => {
    const fromText = await withEval((ctx) => ctx.setTag('SEEN', ctx.message.getScalarText('Subject')!.trim()));
    const fromBytes = await withEval((ctx) => ctx.setTag('SEEN', ctx.message.getScalar('Subject')!.trim(), 'latin1'));
    // mime_encode_header of "中奖 Καλημέρα": the ASCII prefix stays, the rest is one B word
    expect(fromText.seenHeader).toBe('=?UTF-8?B?5Lit5aWWIM6azrHOu863zrzOrc+BzrE=?=');
    expect(fromBytes.seenHeader).toBe(fromText.seenHeader);
  });

  it('get rule arguments as bytes (bytesToText decodes one), and write report lines given as text in UTF-8', async () => {
    const { seen, report } = await withEval(
      (ctx, arg) => (ctx.testLog(`Привет: ${bytesToText(arg!)}`), arg),
      "header T_SEE eval:check_see('中奖')\nscore T_SEE 1\nreport _REPORT_",
    );
    expect(seen).toBe(Buffer.from('中奖').toString('latin1'));
    expect(Buffer.from(report, 'latin1').toString('utf8')).toContain('[Привет: 中奖]');
  });
});
