/**
 * Reads configuration sources into a {@link ParsedConfig}, the way `Conf::Parser::parse` does.
 *
 * The control flow is SA's: `endif`, `ifplugin`, `if`, `else` and `include` are handled even
 * inside a false block, everything else is skipped there; at the end of every file the open
 * `if` blocks are reported and forgotten; a condition's result is cached by its text for the
 * whole parse. SA's quirks are kept on purpose (an `include` closes the including file's open
 * blocks, as SA's "file end" marker does). A file already read is not read again (SA's
 * `cf_files_read`), and an include cycle is reported as an error instead of looping.
 *
 * Nothing here touches the file system: includes are resolved through a callback.
 */
import { evaluateCondition } from './conditional.js';
import { CORE_DIRECTIVES, coreDirective } from './directive-table.js';
import type { DirectiveSpec } from './directive-spec.js';
import { toByteString } from './bytes.js';
import { excerpt, type Diagnostic, type DiagnosticCode, type SourcePosition } from './diagnostics.js';
import { readConfigLines } from './line-reader.js';
import type { DirectiveOccurrence, ParsedConfig, RuleDefinition, SettingValue } from './parsed-config.js';
import {
  defineHeaderRule,
  defineMetaRule,
  defineMimeHeaderRule,
  defineRegexRule,
  defineReuse,
  IS_RULENAME,
  type RuleSink,
} from './rule-directives.js';
import { applySetting, splitKeyValue, splitWords, type SettingError } from './settings.js';
import { CONF_FEATURES } from './conditional.js';
import { userConfigAccess } from './user-config-access.js';
import { canonicalPluginName } from './plugin-names.js';
import { pluginDirective, pluginEval, type PluginLookup } from './plugin-lookup.js';

/** One configuration text and the name it is reported under. */
export interface ConfigSource {
  /** File name (or any label) used in diagnostics and for resolving relative includes. */
  name: string;
  /**
   * The configuration: a string is text (encoded to UTF-8, as a `.cf` file holding it would
   * be, so `body GR /Größe/` matches UTF-8 mail), a `Buffer`/`Uint8Array` is the file's bytes.
   */
  text: string | Uint8Array;
  /**
   * Set when the file was found but deliberately not read (its `text` is then empty):
   * `not-a-file` for a device, FIFO or socket (SA skips those silently; we say so in a
   * warning), `too-large` for a file over the reader's size cap (an error: SA would read it).
   */
  refused?: 'not-a-file' | 'too-large';
}

/**
 * Reads an `include`d path: one source (a file), several (a directory's `*.cf` files, in SA's
 * order), or undefined when nothing can be read there.
 */
export type IncludeResolver = (path: string, fromFile: string) => ConfigSource | readonly ConfigSource[] | undefined;

/** Options of {@link parseConfig}. */
export interface ParseOptions {
  /** The plugins `loadplugin` can load (a plugins/registry.ts `PluginRegistry`). */
  registry: PluginLookup;
  /** Locale for `lang` lines (default `en_US`, SA's choice in the C locale). */
  locale?: string;
  /** Value of `local_tests_only` in conditions (default false). */
  localTestsOnly?: boolean;
  /** Resolves `include` lines; without it, an include is a diagnostic. */
  resolveInclude?: IncludeResolver;
  /**
   * Plugins loaded before the first line, as if by `loadplugin` (the plugins a host passed in
   * code: naming them again in the configuration is not needed). Names not in the registry
   * are ignored.
   */
  preloaded?: readonly string[];
  /**
   * Start from this configuration instead of an empty one (it is copied, never changed): a
   * rule set's own parse, when a user's preferences are read on top of it.
   */
  base?: ParsedConfig;
  /**
   * Read the sources as a user's preferences read by the server (SA's `parse_scores_only`,
   * spamd's `read_scoreonly_config`): `is_admin` directives are refused, and `is_priv` ones
   * (rules, tflags, priority, …) unless `allow_user_rules` is on at that line.
   */
  userConfig?: boolean;
}

const SA_VERSION_STRING = '4.000001';

interface IfFrame {
  type: string;
  conditional: string;
  skip: boolean;
  line: number;
}

/** Parses sources in the given order (SA's load order is the caller's job). */
export function parseConfig(sources: readonly ConfigSource[], options: ParseOptions): ParsedConfig {
  const cfg: ParsedConfig = options.base
    ? copyParsed(options.base)
    : {
        definitions: new Map(),
        scores: new Map(),
        tflags: new Map(),
        descriptions: new Map(),
        priority: new Map(),
        settings: new Map(),
        occurrences: [],
        pluginsLoaded: [...new Set(options.preloaded ?? [])].filter((n) => options.registry.has(n)),
        compat: new Set(),
        files: [],
        diagnostics: [],
      };
  const locale = options.locale ?? 'en_US';
  const registry = options.registry;
  const condCache = new Map<string, boolean>();
  const readFiles = new Set<string>();
  const includeStack: string[] = [];

  let pos: SourcePosition = { file: '(no file)', line: 0 };
  let ifStack: IfFrame[] = [];
  let skip = false;

  const warn = (severity: Diagnostic['severity'], code: DiagnosticCode, message: string, rule?: string) => {
    cfg.diagnostics.push({ severity, code, message, file: pos.file, line: pos.line, ...(rule ? { rule } : {}) });
  };

  const sink: RuleSink = {
    add(def: RuleDefinition) {
      let list = cfg.definitions.get(def.name);
      if (!list) cfg.definitions.set(def.name, (list = []));
      list.push(def);
    },
    has: (name) => cfg.definitions.has(name),
    warn: (d) => cfg.diagnostics.push({ ...d, file: pos.file, line: pos.line }),
  };

  const loadedPlugins = () => cfg.pluginsLoaded.map((n) => registry.get(n)!).filter(Boolean);

  const lookupDirective = (key: string): { name: string; spec: DirectiveSpec } | undefined => {
    const core = coreDirective(key);
    if (core) return { name: key, spec: core };
    for (const [name, spec] of Object.entries(CORE_DIRECTIVES)) {
      if (spec.aliases?.includes(key)) return { name, spec };
    }
    for (const p of loadedPlugins()) {
      const d = pluginDirective(p, key);
      if (d) return { name: key, spec: d };
      for (const [name, spec] of Object.entries(p.directives)) {
        if (spec.aliases?.includes(key)) return { name, spec };
      }
      if (p.directivePatterns.some((re) => re.test(key))) return { name: key, spec: { type: 'list' } };
    }
    return undefined;
  };

  const closeFile = () => {
    for (const f of ifStack) {
      cfg.diagnostics.push({
        severity: 'error',
        code: 'if-unclosed',
        message: `config: unclosed '${f.type}' found in ${pos.file} (line ${f.line})`,
        file: pos.file,
        line: f.line,
      });
    }
    ifStack = [];
    skip = false;
  };

  const conditionEnv = {
    pluginLoaded: (name: string) =>
      name === 'Mail::SpamAssassin::Plugin::RaciallyCharged' || cfg.pluginsLoaded.includes(canonicalPluginName(name)),
    probe: (pkg: string, fn: string, mode: 'can' | 'has') => {
      if (pkg === 'Mail::SpamAssassin::Conf') {
        if (fn.startsWith('compat_')) return cfg.compat.has(fn.slice(7));
        return CONF_FEATURES.has(fn);
      }
      // A plugin's functions exist once its module is loaded; its has_* probes all return 1.
      const name = canonicalPluginName(pkg);
      if (!cfg.pluginsLoaded.includes(name)) return false;
      const plugin = registry.get(name);
      if (!plugin) return false;
      if (plugin.features.includes(fn)) return true;
      return mode === 'has' && pluginEval(plugin, fn) !== undefined;
    },
    localTestsOnly: options.localTestsOnly ?? false,
    canonicalName: canonicalPluginName,
  };

  const handleConditional = (key: string, value: string) => {
    const cacheKey = `${key} ${value}`;
    let result = condCache.get(cacheKey);
    if (result === undefined) {
      const r = evaluateCondition(key === 'ifplugin' ? `plugin (${value})` : value, conditionEnv);
      if (r.kind === 'refused') {
        // SA returns before pushing a block: the matching endif will close an outer one.
        warn('error', 'if-syntax', `${r.message} in ${pos.file} (line ${pos.line})`);
        return;
      }
      if (r.kind === 'error') {
        warn('warning', 'if-syntax', `config: error parsing conditional in ${pos.file} (line ${pos.line}): ${excerpt(value)} (${r.message})`);
      }
      result = r.kind === 'value' && r.value;
      condCache.set(cacheKey, result);
    }
    ifStack.push({ type: key, conditional: value, skip, line: pos.line });
    if (!result) skip = true;
  };

  const loadPlugin = (value: string, quiet: boolean): SettingError | undefined => {
    if (value === '') return 'missing';
    const m = /^((?:\w+::){0,10}\w+)(?:[ \t\n\r\f\v]+(\S+\.pm))?$/i.exec(value);
    if (!m) return 'invalid';
    const name = canonicalPluginName(m[1]!);
    if (cfg.pluginsLoaded.includes(name)) return undefined;
    if (!registry.has(name)) {
      if (!quiet) warn('warning', 'plugin-unknown', `plugin: failed to load plugin ${excerpt(name)}: no such plugin is registered`);
      return undefined;
    }
    cfg.pluginsLoaded.push(name);
    return undefined;
  };

  // Conf::Parser::parse with $scoresonly: a user may not set administrator settings, nor
  // privileged ones (rules and what shapes them) unless the site allows user rules.
  const refusedForUser = (key: string, line: string): boolean => {
    const found = lookupDirective(key);
    const access = userConfigAccess(found?.name ?? key, found?.spec);
    if (access === undefined) return false;
    if (access === 'priv' && cfg.settings.get('allow_user_rules') === true) {
      cfg.privilegedLines = (cfg.privilegedLines ?? 0) + 1;
      return false;
    }
    const why = access === 'admin' ? 'administrator setting' : "'allow_user_rules' is 0";
    warn('warning', 'user-config-refused', `config: not parsing, ${why} in ${pos.file} (line ${pos.line}): ${excerpt(line)}`);
    return true;
  };

  const handleDirective = (key: string, written: string, value: string, line: string): SettingError | 'unknown' | undefined => {
    switch (key) {
      case 'header':
        return defineHeaderRule(value, pos, sink);
      case 'body':
      case 'rawbody':
      case 'full':
      case 'uri':
        return defineRegexRule(key, value, pos, sink);
      case 'meta':
        return defineMetaRule(value, pos, sink);
      case 'reuse':
        return defineReuse(value, pos, sink);
      case 'score':
        return applyScore(value);
      case 'tflags':
      case 'describe': {
        const [k, v] = splitKeyValue(value);
        if (v === undefined || v === '') return 'missing';
        (key === 'tflags' ? cfg.tflags : cfg.descriptions).set(k, v);
        return undefined;
      }
      case 'priority': {
        const [k, v] = splitKeyValue(value);
        if (v === undefined) return 'missing';
        if (!IS_RULENAME.test(k) || !/^-?\d+$/.test(v)) return 'invalid';
        cfg.priority.set(k, Number(v));
        return undefined;
      }
      case 'loadplugin':
        return loadPlugin(value, false);
      case 'tryplugin':
        return loadPlugin(value, true);
      case 'enable_compat':
        if (value === '') return 'missing';
        if (!/^[a-zA-Z0-9_]{1,128}$/.test(value)) return 'invalid';
        cfg.compat.add(value);
        return undefined;
      case 'test':
        // Regression strings for SA's own test suite; only collected there.
        return undefined;
    }
    const found = lookupDirective(key);
    if (!found) return 'unknown';
    if (found.name === 'mimeheader') return defineMimeHeaderRule(value, pos, sink);
    if (found.name === 'askdns') return defineAskDns(value);
    if (found.name === 'uri_detail') return defineUriDetail(value);
    if (found.name === 'replace_rules') {
      if (value === '') return 'missing';
      const list = (cfg.settings.get('replace_rules') as string[] | undefined) ?? [];
      list.push(...splitWords(value).filter((w) => w !== ''));
      cfg.settings.set('replace_rules', list);
      return undefined;
    }
    const err = applySetting(cfg.settings, found.spec.setting ?? found.name, found.spec, value);
    if (err) return err;
    cfg.occurrences.push({ name: found.name, written, value, source: { ...pos } } satisfies DirectiveOccurrence);
    void line;
    return undefined;
  };

  const applyScore = (value: string): SettingError | undefined => {
    const [rule, ...scores] = splitWords(value);
    if (value === '' || rule === undefined || (scores.length !== 1 && scores.length !== 4)) return 'missing';
    let relative = false;
    const nums: number[] = [];
    for (let s of scores) {
      const m = /^\((-?\d+(?:\.\d+)?)\)$/.exec(s);
      if (m) {
        relative = true;
        s = m[1]!;
      }
      if (!/^-?\d+(?:\.\d+)?$/.test(s)) return 'invalid';
      nums.push(Number(s));
    }
    const prev = cfg.scores.get(rule);
    if (relative && !prev) return 'invalid';
    const four = nums.length === 4 ? nums : [nums[0]!, nums[0]!, nums[0]!, nums[0]!];
    cfg.scores.set(rule, four.map((n, i) => (relative ? prev![i]! + n : n)) as [number, number, number, number]);
    return undefined;
  };

  // URIDetail's `uri_detail NAME key =~ /re/ …`: at least one well-formed criterion defines
  // NAME as the body eval `check_uri_detail()` (the eval reads the criteria from the line).
  const defineUriDetail = (value: string): SettingError | undefined => {
    const m = /^(\S+)[ \t\n\r\f\v]+([\s\S]+)$/.exec(value);
    if (!m) return 'invalid';
    const criteria = [...m[2]!.matchAll(/\b(\w+)\b[ \t\n\r\f\v]*([=!]~)[ \t\n\r\f\v]*((?:\/.*?\/|m(\W).*?\4)[imsx]*)(?=[ \t\n\r\f\v]|$)/g)];
    if (criteria.length === 0) return 'invalid';
    if (criteria.some((c) => !/^(?:raw|type|cleaned|text|domain|host)$/.test(c[1]!))) return 'invalid';
    cfg.occurrences.push({ name: 'uri_detail', written: 'uri_detail', value, source: { ...pos } });
    if (IS_RULENAME.test(m[1]!)) {
      sink.add({ name: m[1]!, type: 'body', isEval: true, isRbl: false, text: 'check_uri_detail()', source: { ...pos } });
    }
    return undefined;
  };

  const defineAskDns = (value: string): SettingError | undefined => {
    if (value === '') return 'missing';
    const m = /^(\S+)[ \t\n\r\f\v]+(\S+)(?:[ \t\n\r\f\v]+([A-Za-z0-9,]+)(?:[ \t\n\r\f\v]+(.*?))?)?[ \t\n\r\f\v]*$/s.exec(value);
    if (!m) return 'invalid';
    const types = (m[3] ?? 'A').toUpperCase().split(',');
    const known =
      /^(?:ANY|A|AAAA|MX|TXT|PTR|NAPTR|NS|SOA|CERT|CNAME|DNAME|DHCID|HINFO|MINFO|RP|HIP|IPSECKEY|KX|LOC|GPOS|SRV|OPENPGPKEY|SSHFP|SPF|TLSA|URI|CAA|CSYNC)$/;
    if (types.some((t) => !known.test(t))) return 'invalid';
    const list = cfg.occurrences;
    list.push({ name: 'askdns', written: 'askdns', value, source: { ...pos } });
    // AskDNS defines the rule as an empty test "so that scores and lint work" (always, even
    // over an earlier definition).
    if (IS_RULENAME.test(m[1]!)) sink.add({ name: m[1]!, type: 'empty', isEval: false, isRbl: false, text: '', source: { ...pos } });
    return undefined;
  };

  // A file the reader would not read (see ConfigSource.refused), reported at the include line
  // (or, for a file given directly, under its own name).
  const refuse = (source: ConfigSource, from: string | undefined) => {
    const where = `"${excerpt(source.name)}"${from !== undefined ? ` included from ${from}` : ''}`;
    const [severity, code, why]: [Diagnostic['severity'], DiagnosticCode, string] =
      source.refused === 'too-large'
        ? ['error', 'config-too-large', 'it is over the size cap of a configuration file']
        : ['warning', 'config-not-a-file', 'not a regular file'];
    const at = from !== undefined ? { file: pos.file, line: pos.line } : { file: source.name };
    cfg.diagnostics.push({ severity, code, message: `config: not reading ${where}: ${why}`, ...at });
  };

  const parseFile = (name: string, text: string | Uint8Array) => {
    if (readFiles.has(name)) return;
    readFiles.add(name);
    cfg.files.push(name);
    includeStack.push(name);
    // SA parses octets: text becomes its UTF-8 bytes here, once per file (config/bytes.ts).
    for (const l of readConfigLines(toByteString(text), locale)) {
      pos = { file: name, line: l.line };
      const m = /^(\S+)(?:[ \t\n\r\f\v]+([\s\S]*))?$/.exec(l.text)!;
      const written = m[1]!;
      const key = written.toLowerCase().replace(/-/g, '_');
      const value = m[2] ?? '';
      const fail = (message: string, code: DiagnosticCode, severity: Diagnostic['severity'] = 'error') =>
        warn(severity, code, `${message} in ${name} (line ${l.line}): ${excerpt(l.text)}`);

      if (key === 'endif') {
        if (value !== '') fail(`config: '${key}' must be standalone`, 'parse-failed');
        else {
          const last = ifStack.pop();
          if (!last) fail(`config: missing starting 'if' for '${key}'`, 'if-unbalanced');
          else skip = last.skip;
        }
        continue;
      }
      if (key === 'ifplugin' || key === 'if') {
        if (value === '') fail(`config: missing '${key}' condition`, 'missing-value');
        else handleConditional(key, value);
        continue;
      }
      if (key === 'include') {
        if (value === '') {
          fail(`config: missing '${key}' value`, 'missing-value');
          continue;
        }
        // SA's include inserts "file end <this file>" before the included text: the open
        // blocks of this file are reported and dropped here, and parsing resumes unblocked.
        closeFile();
        const resolved = options.resolveInclude?.(value, name);
        if (!resolved) {
          warn('error', 'include-failed', `config: cannot open "${excerpt(value)}" included from ${name}`);
          continue;
        }
        for (const included of Array.isArray(resolved) ? (resolved as readonly ConfigSource[]) : [resolved as ConfigSource]) {
          if (included.refused) refuse(included, name);
          else if (includeStack.includes(included.name)) {
            warn('error', 'include-cycle', `config: include cycle: ${[...includeStack, included.name].join(' -> ')}`);
          } else {
            const saved = pos;
            parseFile(included.name, included.text);
            pos = saved;
          }
        }
        continue;
      }
      if (key === 'else') {
        if (value !== '') fail(`config: '${key}' must be standalone`, 'parse-failed');
        else if (ifStack.length === 0) fail(`config: '${key}' missing starting if`, 'if-unbalanced');
        // Bug 7848: an else inside any false enclosing block stays skipped.
        else skip = ifStack.some((f) => f.skip) ? true : !skip;
        continue;
      }
      if (skip) continue;

      if (key === 'require_version') {
        if (value === '') fail(`config: missing '${key}' value`, 'missing-value');
        else if (value !== '@@VERSION@@' && value !== SA_VERSION_STRING) {
          warn(
            'error',
            'require-version',
            `config: configuration file '${name}' requires version ${excerpt(value)} of SpamAssassin, but this is code version ${SA_VERSION_STRING}. Maybe you need to use the -C switch, or remove the old config files? Skipping this file.`,
          );
          skip = true;
        }
        continue;
      }

      if (options.userConfig && refusedForUser(key, l.text)) continue;
      const r = handleDirective(key, written, value, l.text);
      if (r === undefined) continue;
      if (r === 'unknown') {
        if (key === 'ok_languages') fail('config: failed to parse line, now a plugin', 'plugin-directive', 'warning');
        else fail('config: failed to parse line', 'unknown-directive');
      } else if (r === 'missing') fail(`config: missing '${key}' value`, 'missing-value');
      else fail(`config: invalid '${key}' value`, 'invalid-value');
    }
    pos = { file: name, line: pos.line };
    closeFile();
    includeStack.pop();
  };

  for (const s of sources) {
    if (s.refused) refuse(s, undefined);
    else parseFile(s.name, s.text);
  }
  return cfg;
}

/** A deep enough copy of a parse to read more lines into without changing the original. */
function copyParsed(base: ParsedConfig): ParsedConfig {
  const settings = new Map<string, SettingValue>();
  // lists and hashes grow in place (applySetting): each gets its own copy
  for (const [k, v] of base.settings) settings.set(k, Array.isArray(v) ? [...v] : v instanceof Map ? new Map(v) : v);
  return {
    definitions: new Map([...base.definitions].map(([k, v]) => [k, [...v]])),
    scores: new Map(base.scores),
    tflags: new Map(base.tflags),
    descriptions: new Map(base.descriptions),
    priority: new Map(base.priority),
    settings,
    occurrences: [...base.occurrences],
    pluginsLoaded: [...base.pluginsLoaded],
    compat: new Set(base.compat),
    files: [...base.files],
    diagnostics: [],
  };
}
