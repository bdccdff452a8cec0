/**
 * The `spamscore` command as a user runs it (option parsing included): `--version`,
 * `--plugin MODULE` for check and lint (in-process and on worker threads), `--debug [areas]`,
 * and lint's errors for a `loadplugin` or an eval no plugin provides.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { cliBundle, spamscore } from './cli-bundle.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rules using a plugin's directive and evals; the site directory holds nothing. */
const RULES = [
  'loadplugin My::Shout',
  'ifplugin My::Shout',
  'shout_limit 3',
  'header SHOUTING eval:check_shouting()',
  'score SHOUTING 6',
  'header WHISPER eval:check_whisper()',
  'endif',
  '',
].join('\n');

const SPAM = 'From: a@example.com\nSubject: BUY NOW!!!!\n\nhello\n';
const HAM = 'From: a@example.com\nSubject: lunch\n\nhello\n';

beforeAll(async () => {
  const lib = pathToFileURL(path.join(await cliBundle(), 'index.js')).href;
  mkdirSync(path.join(dir, 'site'));
  writeFileSync(path.join(dir, 'rules.cf'), RULES);
  writeFileSync(path.join(dir, 'spam.eml'), SPAM);
  writeFileSync(path.join(dir, 'ham.eml'), HAM);
  // A plugin module as a user writes one: a named export and a default array, its own copy of
  // the library (not the one the command runs).
  writeFileSync(
    path.join(dir, 'shout.mjs'),
    [
      `import { definePlugin } from ${JSON.stringify(lib)};`,
      'export const shout = definePlugin({',
      "  name: 'My::Shout',",
      "  directives: { shout_limit: { type: 'number', default: 5 } },",
      '  evals: {',
      "    check_shouting: { ruleType: 'header', run: (ctx) => (ctx.message.getScalarText('Subject').match(/!/g) ?? []).length > Number(ctx.config.get('shout_limit')) },",
      '  },',
      '});',
      "const whisper = definePlugin({ name: 'My::Whisper', evals: { check_whisper: { run: () => false } } });",
      'export default [shout, whisper];',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'nothing.mjs'), 'export const answer = 42;\n');
}, 120_000);

const rules = ['--rules', 'rules.cf', '--site', 'site'];

describe('spamscore --version', () => {
  it('prints the version and where rules are looked for, the one used marked', async () => {
    const r = await spamscore(['--version'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^spamscore \d+\.\d+\.\d+ \(SpamAssassin 4\.0\.1 rules and semantics\)\nrules, searched in this order \(\* = used\):\n/);
    expect(r.out.match(/^ {2}\* /gm)).toHaveLength(1);
  });

  it('says which watchdog keeps scans to their deadline, and why not the native one', async () => {
    expect((await spamscore(['--version'], dir)).out).toMatch(/^deadline watchdog: native$/m);
    const vm = await spamscore(['--version'], dir, undefined, { SPAMSCORE_WATCHDOG: 'vm' });
    expect(vm.out).toMatch(/^deadline watchdog: node's vm timeout \(the native one: SPAMSCORE_WATCHDOG=vm\)$/m);
  });
});

describe('--plugin MODULE', () => {
  it('lets lint load a plugin module: without it the loadplugin line naming the plugin is an error (exit 1)', async () => {
    const without = await spamscore(['lint', ...rules], dir);
    expect(without.code).toBe(1);
    expect(without.err).toMatch(/plugin: failed to load plugin My::Shout: no such plugin is registered; the rules that need it will not run/);
    const with_ = await spamscore(['lint', ...rules, '--plugin', './shout.mjs'], dir);
    expect(with_.err).not.toMatch(/unknown eval|failed to load/);
    expect(with_.err).toMatch(/; 0 error\(s\), 0 warning\(s\)/);
    expect(with_.code).toBe(0);
  });

  it('lets check score with the module\'s plugins (default and named exports), its directives read', async () => {
    const r = await spamscore(['check', '--json', '-L', ...rules, '--plugin', './shout.mjs', 'spam.eml', 'ham.eml'], dir);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').map((l) => (JSON.parse(l) as { isSpam: boolean }).isSpam)).toEqual([true, false]);
  });

  it('loads the module in every worker thread with --jobs', async () => {
    const r = await spamscore(['check', '--json', '-L', '--jobs', '2', ...rules, '--plugin', './shout.mjs', 'spam.eml', 'ham.eml'], dir);
    expect(r.err).not.toMatch(/error/i);
    expect(r.out.trim().split('\n').map((l) => (JSON.parse(l) as { isSpam: boolean }).isSpam)).toEqual([true, false]);
  }, 120_000);

  it('lets serve load the module in every worker: a spamd CHECK request uses its evals', async () => {
    const main = path.join(await cliBundle(), 'cli', 'main.js');
    const port = await freePort();
    const child = spawn(process.execPath, [main, 'serve', '-L', '-m', '1', '-i', `127.0.0.1:${port}`, ...rules, '--plugin', './shout.mjs'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (b: Buffer) => (log += b.toString()));
    try {
      const ask = async (): Promise<string> => {
        for (let i = 0; ; i++) {
          try {
            return await new Promise<string>((resolve, reject) => {
              const sock = connect(port, '127.0.0.1');
              let answer = '';
              sock.on('data', (b) => (answer += b.toString()));
              sock.on('end', () => resolve(answer));
              sock.on('error', reject);
              sock.end(`CHECK SPAMC/1.5\r\nContent-length: ${Buffer.byteLength(SPAM)}\r\n\r\n${SPAM}`);
            });
          } catch (e) {
            if (i > 300) throw e;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      };
      const answer = await ask();
      expect(answer).toMatch(/^SPAMD\/1\.\d 0 EX_OK\r\nSpam: True ; 6\.0 \/ 5\.0\r\n/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(log).not.toMatch(/error/i);
  }, 120_000);

  it('refuses a module that exports no plugin, naming it', async () => {
    const r = await spamscore(['check', ...rules, '--plugin', './nothing.mjs', 'spam.eml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/plugin module \.\/nothing\.mjs exports no plugin/);
  });
});

describe('text on the command line and in the output', () => {
  it('reads --cf lines as text and prints UTF-8: descriptions and file names in --json and in the report', async () => {
    writeFileSync(path.join(dir, 'größe.eml'), 'From: a@example.com\nSubject: Größe\nContent-Type: text/plain; charset=utf-8\n\nΚαλημέρα\n');
    const cf = ['--cf', 'body GREEK /Καλημέρα/', '--cf', 'describe GREEK Ελληνικά στο κείμενο', '--cf', 'report _SUMMARY_'];
    const json = await spamscore(['check', '--json', '-L', ...rules, ...cf, 'größe.eml'], dir);
    const line = JSON.parse(json.out) as { file: string; tests: Array<{ name: string; description: string }> };
    expect(line.file).toBe('größe.eml');
    expect(line.tests).toContainEqual({ name: 'GREEK', score: 1, description: 'Ελληνικά στο κείμενο' });
    const text = await spamscore(['check', '-L', ...rules, ...cf, 'größe.eml'], dir);
    expect(text.out).toMatch(/^==> größe\.eml <==$/m);
    expect(text.out).toMatch(/GREEK +BODY: Ελληνικά στο κείμενο/);
  });
});

describe('--debug [areas]', () => {
  it('is accepted by lint, whose error summary recommends it', async () => {
    const r = await spamscore(['lint', ...rules, '--debug'], dir);
    expect(r.err).toMatch(/please rerun with debug enabled/);
    expect(r.err).not.toMatch(/unknown option/);
  });

  it('prints informational diagnostics, of every area alone, of the listed areas with a list', async () => {
    // an eval the rule set declares but nothing runs: an informational "unsupported eval" note per message
    writeFileSync(path.join(dir, 'info.cf'), 'loadplugin Mail::SpamAssassin::Plugin::Check\nheader T_UNKNOWN eval:check_nothing_like_this()\n');
    const args = ['check', '-L', '--rules', 'info.cf', '--site', 'site'];
    const quiet = await spamscore([...args, 'ham.eml'], dir);
    const all = await spamscore([...args, '-D', 'ham.eml'], dir);
    const unsupported = await spamscore([...args, '--debug=unsupported', 'ham.eml'], dir);
    const other = await spamscore([...args, '--debug=dns', 'ham.eml'], dir);
    expect(quiet.out).not.toMatch(/# info: unsupported eval/);
    expect(all.out).toMatch(/==> ham\.eml <==[\s\S]*# info: unsupported eval: check_nothing_like_this/);
    expect(unsupported.out).toMatch(/# info: unsupported eval/);
    expect(other.out).not.toMatch(/# info: unsupported eval/);
  });
});
