/**
 * `include` and rule paths read only regular files of sane size, and diagnostics quote only a
 * short, printable excerpt of a line that is not configuration. Perl SpamAssassin 4.0.1 skips
 * a path that is not a regular file or is empty (`_read_cf_pre`: `-f _ && -s _`), and reads
 * every `*.cf` file of an included directory; both checked with `spamassassin --lint -D config`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources, fileIncludeResolver, readConfigFile } from '../../src/config/load-files.js';
import { excerpt } from '../../src/config/diagnostics.js';
import { parse } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'spamscore-include-'));
  mkdirSync(path.join(dir, 'rules.d'));
  writeFileSync(path.join(dir, 'rules.d', 'b.cf'), 'body FROM_B /b/\n');
  writeFileSync(path.join(dir, 'rules.d', 'a.cf'), 'body FROM_A /a/\n');
  writeFileSync(path.join(dir, 'rules.d', 'c.pre'), 'body FROM_PRE /p/\n');
  writeFileSync(path.join(dir, 'empty.cf'), '');
  writeFileSync(path.join(dir, 'secrets.env'), `AWS_SECRET_ACCESS_KEY=${'s3cr3t'.repeat(20)}\n`);
  writeFileSync(path.join(dir, 'binary.cf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, ...Buffer.from('x'.repeat(300))]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parseWithIncludes = (text: string) => parse([{ name: path.join(dir, 'main.cf'), text }], { resolveInclude: fileIncludeResolver });
const ruleNames = (cfg: ReturnType<typeof parse>) => [...cfg.definitions.keys()];

describe('reading a configuration file', () => {
  it('refuses a character device such as /dev/zero without reading it', () => {
    expect(readConfigFile('/dev/zero')).toEqual({ name: '/dev/zero', text: '', refused: 'not-a-file' });
    expect(readConfigFile('/dev/urandom')).toEqual({ name: '/dev/urandom', text: '', refused: 'not-a-file' });
  });

  it('reads a file that stats as empty as empty, as SA skips it (so /proc/self/environ echoes nothing)', () => {
    expect(readConfigFile(path.join(dir, 'empty.cf'))).toEqual({ name: path.join(dir, 'empty.cf'), text: '' });
    if (existsSync('/proc/self/environ')) expect(readConfigFile('/proc/self/environ')!.text).toBe('');
  });

  it('refuses a file over the size cap, and reads one at the cap', () => {
    const file = path.join(dir, 'sized.cf');
    writeFileSync(file, 'x'.repeat(100));
    expect(readConfigFile(file, 99)).toEqual({ name: file, text: '', refused: 'too-large' });
    expect(readConfigFile(file, 100)!.text).toEqual(Buffer.from('x'.repeat(100)));
  });

  it('refuses a FIFO without blocking on it', () => {
    const fifo = path.join(dir, 'pipe.cf');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    expect(readConfigFile(fifo)).toEqual({ name: fifo, text: '', refused: 'not-a-file' });
  });

  it('answers nothing for a path that does not exist', () => {
    expect(readConfigFile(path.join(dir, 'nowhere.cf'))).toBeUndefined();
  });

  it('turns a rules path that is a device into a warning naming it, not a read', () => {
    const sources = collectSources({ rules: ['/dev/zero'], site: [] });
    expect(sources).toEqual([{ name: '/dev/zero', text: '', refused: 'not-a-file' }]);
    const cfg = parse(sources);
    expect(cfg.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'config-not-a-file', file: '/dev/zero' }),
    ]);
  });
});

describe('include', () => {
  it('of /dev/zero or /dev/urandom is a warning at the include line, and the rest of the file is read', () => {
    const cfg = parseWithIncludes('body BEFORE /x/\ninclude /dev/zero\ninclude /dev/urandom\nbody AFTER /x/\n');
    expect(ruleNames(cfg)).toEqual(['BEFORE', 'AFTER']);
    expect(cfg.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'config-not-a-file', file: path.join(dir, 'main.cf'), line: 2 }),
      expect.objectContaining({ severity: 'warning', code: 'config-not-a-file', file: path.join(dir, 'main.cf'), line: 3 }),
    ]);
  });

  it('of /proc/self/environ puts nothing of the environment into diagnostics', () => {
    process.env.SPAMSCORE_TEST_SECRET = 'do-not-echo-this-value';
    const cfg = parseWithIncludes('include /proc/self/environ\n');
    expect(JSON.stringify(cfg.diagnostics)).not.toContain('do-not-echo-this-value');
    delete process.env.SPAMSCORE_TEST_SECRET;
  });

  it('of a directory reads its *.cf files in SA order, and no other file', () => {
    const cfg = parseWithIncludes('include rules.d\n');
    expect(ruleNames(cfg)).toEqual(['FROM_A', 'FROM_B']);
    expect(cfg.diagnostics).toEqual([]);
  });

  it('of a file over the size cap is an error at the include line', () => {
    const cfg = parse([{ name: 'main.cf', text: 'include big.cf\nbody AFTER /x/\n' }], {
      resolveInclude: () => ({ name: 'big.cf', text: '', refused: 'too-large' }),
    });
    expect(ruleNames(cfg)).toEqual(['AFTER']);
    expect(cfg.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'config-too-large', file: 'main.cf', line: 1 })]);
  });
});

describe('diagnostics quoting a line that is not configuration', () => {
  it('show at most 80 printable characters of it, with an ellipsis', () => {
    const cfg = parseWithIncludes('include secrets.env\ninclude binary.cf\n');
    const quoted = cfg.diagnostics.map((d) => d.message.replace(/^.*?\(line \d+\): /, ''));
    expect(quoted).toHaveLength(2);
    for (const q of quoted) {
      expect(q.length).toBeLessThanOrEqual(81);
      expect(q.endsWith('…')).toBe(true);
      expect(q.slice(0, -1)).toMatch(/^[\x20-\x7e]*$/);
    }
    expect(quoted[1]).toMatch(/^\\x7fELF\\x02\\x01\\x00\\xffxxx/);
    expect(JSON.stringify(cfg.diagnostics)).not.toContain('s3cr3t'.repeat(20));
  });

  it('quote a short line whole', () => {
    expect(excerpt('bogus_directive 1')).toBe('bogus_directive 1');
    expect(excerpt('tab\there')).toBe('tab\\x09here');
    expect(excerpt('y'.repeat(100), 10)).toBe('y'.repeat(10) + '…');
  });

  it('bound the quoted name of an invalid rule and of an unknown plugin', () => {
    const long = 'Z'.repeat(5000);
    const cfg = parse(`body 9${long} /x/\nloadplugin ${long}\nif ${long}-x\nendif\n`);
    for (const d of cfg.diagnostics) expect(d.message.length).toBeLessThan(300);
  });
});
