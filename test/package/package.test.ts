/**
 * The published package as a user gets it. `npm pack` runs in a copy of the working tree (the
 * files a clone holds, with the dependencies installed), so its `prepare` script builds dist/
 * there; the tarball is then unpacked into a fresh consumer project's node_modules. The tests
 * read its file list, run publint and attw on it, compile strict TypeScript consumers (an
 * `.mts` and a `.cts` file, moduleResolution node16 and nodenext) that name every export, and
 * score a message through require() and import() of it.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name);
const work = mkdtempSync(path.join(os.tmpdir(), 'spamscore-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment of the child processes: no npm lifecycle variables of the run that started the tests. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'NODE_OPTIONS'));

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
}

let tarball = '';
let packed: string[] = [];
const consumer = path.join(work, 'consumer');
const installed = path.join(consumer, 'node_modules', 'spamscore');

beforeAll(() => {
  // A clean copy: the files git knows of (committed or new, not ignored), without dist/ or
  // anything built; node_modules is the one installed for the repo.
  const clone = path.join(work, 'clone');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    // regular files only: a symlinked node_modules (a worktree's) is not part of the tree
    .filter((f) => f && existsSync(path.join(repo, f)) && lstatSync(path.join(repo, f)).isFile());
  for (const f of files) {
    mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
    copyFileSync(path.join(repo, f), path.join(clone, f));
  }
  symlinkSync(path.join(repo, 'node_modules'), path.join(clone, 'node_modules'));
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], clone);
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as [{ filename: string; files: { path: string }[] }];
  tarball = path.join(work, info.filename);
  packed = info.files.map((f) => f.path).sort();

  // The consumer: the tarball unpacked as node_modules/spamscore; spamscore's dependencies and
  // @types/node are the repo's (no network).
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  symlinkSync(path.join(repo, 'node_modules'), path.join(installed, 'node_modules'));
  symlinkSync(path.join(repo, 'node_modules', '@types'), path.join(consumer, 'node_modules', '@types'));
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
}, 900_000);

describe('npm pack from a clean copy of the repository', () => {
  it('builds and packs the library, its worker, the CLI, rules, docs and the licence files', () => {
    expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'NOTICE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli/main.cjs', 'dist/scanner/worker.js', 'docs/api.md', 'rules/init.pre']));
  });

  it("ships the native watchdog's sources and install script, not a build of them", () => {
    expect(packed).toEqual(expect.arrayContaining(['binding.gyp', 'native/watchdog.cc', 'native/build.mjs']));
    expect(packed.filter((f) => f.startsWith('build/'))).toEqual([]);
  });

  it('builds the native watchdog from the packed sources with its install script', () => {
    const dir = path.join(work, 'native-build');
    mkdirSync(path.join(dir, 'native'), { recursive: true });
    for (const f of ['package.json', 'binding.gyp', 'native/watchdog.cc', 'native/build.mjs']) copyFileSync(path.join(installed, f), path.join(dir, f));
    const r = run(process.execPath, ['native/build.mjs'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const addon = path.join(dir, 'build', 'Release', 'spamscore_watchdog.node');
    const probe = run(process.execPath, ['-e', `const w = require(${JSON.stringify(addon)}); const t = Symbol(); console.log(w.run(() => { for (;;) {} }, 20, t) === t, w.run(() => 5, 1000, t))`], dir);
    expect(probe.stdout.trim()).toBe('true 5');
  }, 300_000);

  it('ships no source maps, no sources, no tests and no unexported bundle', () => {
    expect(packed.filter((f) => /\.map$|^src\/|^test\/|^scripts\/|compatibility\.(?:c?js|d\.c?ts)$/.test(f))).toEqual([]);
  });

  it('declares no side effects on import (bundlers may drop what a host does not use)', () => {
    expect((JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { sideEffects?: unknown }).sideEffects).toBe(false);
  });

  it('is clean for publint (strict)', () => {
    const r = run(process.execPath, [path.join(repo, 'node_modules', 'publint', 'src', 'cli.js'), 'run', tarball, '--strict'], work);
    expect({ status: r.status, out: r.stdout }).toMatchObject({ status: 0, out: expect.stringContaining('All good!') });
  });

  it('is clean for @arethetypeswrong/cli: types resolve for node10, node16 (CJS and ESM) and bundlers', () => {
    const r = run(bin('attw'), [tarball, '--format', 'json'], work);
    const report = JSON.parse(r.stdout) as { analysis: { problems: unknown[] } };
    expect({ status: r.status, problems: report.analysis.problems }).toEqual({ status: 0, problems: [] });
  });
});

/** Every name src/index.ts exports, and whether it is a value (function, class, constant) or only a type. */
function publicExports(): { name: string; value: boolean }[] {
  const entry = path.join(repo, 'src', 'index.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  return checker.getExportsOfModule(symbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return { name: s.name, value: (target.flags & ts.SymbolFlags.Value) !== 0 };
  });
}

describe('strict TypeScript consumers of the packed package', () => {
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

  beforeAll(() => {
    const names = publicExports();
    // Every export, named: a name the declarations lost is an error (TS2305/TS2614).
    const all = (kind: string) =>
      [
        `// Generated by test/package/package.test.ts: every export of spamscore, as a ${kind} consumer names it.`,
        `import { ${names.map((n) => (n.value ? n.name : `type ${n.name}`)).join(', ')} } from 'spamscore';`,
        `export const values: unknown[] = [${names.filter((n) => n.value).map((n) => n.name).join(', ')}];`,
        ...names.filter((n) => !n.value).map((n) => `export type ${n.name}_ = ${n.name}${typeParams(n.name)};`),
        '',
      ].join('\n');
    writeFileSync(path.join(consumer, 'all-exports.mts'), all('ESM'));
    writeFileSync(path.join(consumer, 'all-exports.cts'), all('CommonJS'));
    // How a host and a plugin author use them (test/types/public-api.ts, against the package).
    const usage = readFileSync(path.join(repo, 'test', 'types', 'public-api.ts'), 'utf8').replace("'../../src/index.js'", "'spamscore'");
    expect(usage).toContain("from 'spamscore'");
    writeFileSync(path.join(consumer, 'usage.mts'), usage);
    writeFileSync(path.join(consumer, 'usage.cts'), usage);
  });

  /** Generic types get `any` arguments so the alias compiles; the name is what is checked. */
  function typeParams(name: string): string {
    const text = readFileSync(path.join(installed, 'dist', 'index.d.ts'), 'utf8');
    const m = new RegExp(`(?:interface|type|class) ${name}<([^>]*)>`).exec(text);
    if (!m) return '';
    const required = m[1]!.split(',').filter((p) => !p.includes('=')).length;
    return required ? `<${Array(required).fill('any').join(', ')}>` : '';
  }

  for (const resolution of ['node16', 'nodenext'] as const) {
    it(`compile with module/moduleResolution ${resolution}, strict, library types checked`, () => {
      const r = run(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--module', resolution, '--moduleResolution', resolution, '--target', 'ES2022', '--lib', 'ES2023', '--types', 'node', '--skipLibCheck', 'false', 'all-exports.mts', 'all-exports.cts', 'usage.mts', 'usage.cts'],
        consumer,
      );
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 120_000);
  }

  it('fail to compile when an export goes missing (the check has teeth)', () => {
    const bad = path.join(consumer, 'missing.cts');
    writeFileSync(bad, "import type { CheckResultThatDoesNotExist } from 'spamscore';\nexport type X = CheckResultThatDoesNotExist;\n");
    const r = run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', 'missing.cts'], consumer);
    rmSync(bad);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/TS2305|TS2724/);
  }, 120_000);
});

describe('the packed package at run time', () => {
  /** Scores a UTF-8 message in-process and on the scanner pool (the packed worker), and reports what it found. */
  const script = (load: string) => `${load}
const { existsSync } = require('node:fs');
(async () => {
  const sources = [{ name: 'local.cf', text: 'body GR /Größe/\\nscore GR 6\\n' }];
  const message = 'Subject: x\\nContent-Type: text/plain; charset=utf-8\\n\\nGröße\\n';
  const rs = spamscore.compileRuleSet(sources);
  const r = await rs.check(message);
  const scanner = spamscore.createScanner({ sources, workers: 1 });
  const pooled = await scanner.scan(message);
  await scanner.close();
  console.log(JSON.stringify({ hits: r.hits.map((h) => h.name), isSpam: r.isSpam, pooled: pooled.hits.map((h) => h.name), bundledRules: existsSync(spamscore.bundledRulesDir()) }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

  const expected = { hits: ['GR'], isSpam: true, pooled: ['GR'], bundledRules: true };

  it('scores a message through require()', () => {
    writeFileSync(path.join(consumer, 'smoke.cjs'), script("const spamscore = require('spamscore');"));
    const r = run(process.execPath, ['smoke.cjs'], consumer);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  }, 120_000);

  it('scores a message through import()', () => {
    writeFileSync(path.join(consumer, 'smoke.mjs'), script("import * as spamscore from 'spamscore';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);"));
    const r = run(process.execPath, ['smoke.mjs'], consumer);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  }, 120_000);

  it('runs its command: spamscore --version names the package version', () => {
    const r = run(process.execPath, [path.join(installed, 'dist', 'cli', 'main.cjs'), '--version'], consumer);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^spamscore 0\.\d+\.\d+/);
  });
});
