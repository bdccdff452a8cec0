// Shared by the data-file generators (scripts/generate/*.mjs): running Perl against the installed
// SpamAssassin, turning its command records into our DirectiveSpec shape, and laying out the
// generated TypeScript. See run.mjs for how the generators are run and checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The SpamAssassin version whose tables the data files hold. */
export const SA_VERSION = '4.0.1';

/**
 * Runs `perl` with the given arguments and returns its stdout; throws with Perl's stderr when
 * it fails (a plugin's own load-time warnings on stderr are not failures).
 */
export function perl(args) {
  const r = spawnSync('perl', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`cannot run perl: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`perl ${args[0]} … exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** Whether `perl` runs and can load every module named (used to skip a generator's check). */
export function perlHas(modules) {
  const r = spawnSync('perl', [...modules.map((m) => `-M${m}`), '-e', '1'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/**
 * SA's plugin modules the catalog leaves out: SA's own test-suite plugins (`Test`, `P595Body`)
 * and the two that only sa-compile / Rule2XSBody load internally, which no rule file names.
 */
const NOT_CATALOGUED = new Set(['BodyRuleBaseExtractor', 'OneLineBodyRuleType', 'P595Body', 'Test']);

let tables;
/**
 * What the installed SpamAssassin registers at run time (see sa-commands.pl): core commands
 * and, for every plugin module it ships, the commands, evals and `has_*` probes it registers.
 * Refuses any SpamAssassin but {@link SA_VERSION}: the data files describe that version.
 */
export function saTables() {
  if (tables) return tables;
  const pm = perl(['-MMail::SpamAssassin', '-e', 'print $INC{"Mail/SpamAssassin.pm"}']);
  const plugins = readdirSync(path.join(pm.replace(/\.pm$/, ''), 'Plugin'))
    .filter((f) => f.endsWith('.pm'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !NOT_CATALOGUED.has(name))
    .sort(byAscii);
  tables = JSON.parse(perl([path.join(ROOT, 'scripts/generate/sa-commands.pl'), ...plugins]));
  if (tables.version !== SA_VERSION) throw new Error(`these tables describe SpamAssassin ${SA_VERSION}; the installed one is ${tables.version}`);
  return tables;
}

/** SA's `$CONF_TYPE_*` names to our DirectiveType (src/config/directive-spec.ts). */
const TYPE_NAMES = {
  STRING: 'string',
  BOOL: 'bool',
  NUMERIC: 'number',
  DURATION: 'duration',
  HASH_KEY_VALUE: 'hash',
  TEMPLATE: 'template',
  NOARGS: 'noargs',
  STRINGLIST: 'list',
  ADDRLIST: 'addrlist',
  IPADDRLIST: 'iplist',
};

/**
 * Declared types whose values an own `code` handler of SA's reshapes (an address with its relay
 * domain, a timeout with its zone, a hash keyed differently): such a directive is `custom`.
 */
const RESHAPED_BY_CODE = new Set(['ADDRLIST', 'DURATION', 'HASH_KEY_VALUE']);

/**
 * Declared STRING but kept line by line by their handlers (a list of servers, a map of
 * domains): not a last-line-wins string, so `custom`. Our decision, not in SA's records.
 */
const CUSTOM_STRINGS = new Set(['dns_server', 'dns_query_restriction']);

/** Types whose quoted numeric defaults are numbers. */
const NUMERIC_TYPES = new Set(['number', 'bool', 'duration']);

/**
 * One SA command record as a DirectiveSpec: its type (see above; no declared type means SA's
 * own handler alone, `custom`), the setting when it is not the directive's name, its aliases,
 * and its default when a typed directive has a plain one, in the directive's type: a number for
 * a numeric type (also when SA quotes it, `'75'`, but not `'0700'`, which keeps its zero), a
 * string for a string type (`0` → `'0'`). '' and undef are no default; so are references: a
 * list or hash default is the type's empty value anyway, and a `qr//` default has no string
 * form we could use (SA's pattern is its own text).
 */
export function directiveSpec(rec) {
  const custom = rec.type === null || (rec.code && RESHAPED_BY_CODE.has(rec.type)) || CUSTOM_STRINGS.has(rec.name);
  const type = custom ? 'custom' : TYPE_NAMES[rec.type];
  if (!type) throw new Error(`${rec.name}: unknown SA type ${rec.type}`);
  const spec = { type };
  if (rec.setting !== rec.name) spec.setting = rec.setting;
  if (rec.aliases.length > 0) spec.aliases = rec.aliases;
  const d = rec.default;
  if (!custom && (d?.kind === 'number' || d?.kind === 'string') && d.value !== '') {
    spec.default = NUMERIC_TYPES.has(type) && String(Number(d.value)) === d.value ? Number(d.value) : d.value;
  }
  return spec;
}

/** A TypeScript string literal (single quotes). */
export function tsString(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function tsKey(k) {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : tsString(k);
}

/** A DirectiveSpec as a one-line object literal, keys in the interface's order. */
export function tsDirectiveSpec(spec) {
  const parts = [`type: ${tsString(spec.type)}`];
  if (spec.setting !== undefined) parts.push(`setting: ${tsString(spec.setting)}`);
  if (spec.aliases !== undefined) parts.push(`aliases: [${spec.aliases.map(tsString).join(', ')}]`);
  if (spec.default !== undefined) parts.push(`default: ${typeof spec.default === 'number' ? String(spec.default) : tsString(spec.default)}`);
  return `{ ${parts.join(', ')} }`;
}

/**
 * Space-separated tokens packed into concatenated string literals, each token followed by a
 * space, each line `indent'…' +` (the last without ` +`) no longer than `width`.
 */
export function packedLines(tokens, indent, width = 100) {
  const lines = [];
  let cur = '';
  for (const tok of tokens) {
    if (cur && indent.length + cur.length + tok.length + 1 + 4 > width) {
      lines.push(cur);
      cur = '';
    }
    cur += `${tok} `;
  }
  if (cur) lines.push(cur);
  return lines.map((l, i) => `${indent}'${l}'${i < lines.length - 1 ? ' +' : ''}`);
}

/** ASCII order (Perl's `sort`, and JavaScript's default for these names). */
export function byAscii(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Loads a TypeScript module of the project (bundled with esbuild, a devDependency) with some of
 * its imports replaced, e.g. a generated table by an empty one so a generator can see what the
 * code does without it. `stubs` maps an import specifier to the source of its replacement.
 */
export async function loadTs(file, stubs = {}) {
  const { build } = createRequire(import.meta.url)('esbuild');
  const stubPlugin = {
    name: 'stubs',
    setup(b) {
      const filter = new RegExp(`^(${Object.keys(stubs).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubs[args.path], loader: 'ts' }));
    },
  };
  const out = await build({
    entryPoints: [path.resolve(ROOT, file)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    logLevel: 'silent',
    plugins: Object.keys(stubs).length > 0 ? [stubPlugin] : [],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-gen-'));
  try {
    const bundle = path.join(dir, 'bundle.cjs');
    writeFileSync(bundle, out.outputFiles[0].text);
    return createRequire(import.meta.url)(bundle);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
