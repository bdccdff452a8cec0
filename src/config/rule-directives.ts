/**
 * The directives that define rules: `header`, `body`, `rawbody`, `full`, `uri`, `meta`,
 * `mimeheader`, `reuse`. Each mirrors its `Conf.pm` command (or plugin command) plus the
 * checks of `Conf::Parser::add_test`, except regex compilation, which the compile stage does
 * (it is the one that knows the regex engines).
 */
import { excerpt, type Diagnostic, type SourcePosition } from './diagnostics.js';
import type { HeaderTest, RuleDefinition, RuleType } from './parsed-config.js';
import type { SettingError } from './settings.js';

/** `Constants::RULENAME_RE` anchored, as `IS_RULENAME`. */
export const IS_RULENAME = /^[_a-zA-Z][_a-zA-Z0-9]{0,127}$/;

/** Where rule definitions go, and how problems are reported. */
export interface RuleSink {
  add(def: RuleDefinition): void;
  has(name: string): boolean;
  warn(d: Omit<Diagnostic, 'file' | 'line'>): void;
}

/** `^(\S+)\s+(.*)$` with SA's error kinds for a missing name or value. */
function nameAndRest(value: string): { name: string; rest: string } | SettingError {
  const m = /^(\S+)[ \t\n\r\f\v]+/.exec(value);
  if (!m) return 'invalid';
  const rest = value.slice(m[0].length);
  if (rest === '') return 'missing';
  return { name: m[1]!, rest };
}

/**
 * SA's `add_test` name checks: a valid rule name of at most 100 characters; a failing name is
 * a lint error and the rule is not defined.
 */
function checkName(name: string, sink: RuleSink): boolean {
  if (!IS_RULENAME.test(name)) {
    sink.warn({
      severity: 'error',
      code: 'rule-name',
      rule: excerpt(name),
      message: `config: error: rule '${excerpt(name)}' has invalid characters (not Alphanumeric + Underscore + starting with a non-digit)`,
    });
    return false;
  }
  if (name.length > 100) {
    sink.warn({
      severity: 'error',
      code: 'rule-name',
      rule: name,
      message: `config: error: rule '${name}' is too long (recommended maximum length is 22 characters)`,
    });
    return false;
  }
  return true;
}

/**
 * `Conf::Parser::parse_captures`: `%{NAME}` templates are escaped to `%\{NAME\}` so the regex
 * compiles, and a named group `(?<NAME>` / `(?P<NAME>` / `(?'NAME'` makes a capture rule.
 */
export function parseCaptures(pattern: string): { pattern: string; templates: string[]; isCaptureRule: boolean } {
  const templates: string[] = [];
  let out = pattern;
  if (out.includes('%{')) {
    out = out.replace(/(?<!\\)%\{([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\([^)}]*\))?)\}/g, (_m, name: string) => {
      templates.push(name);
      return `%\\{${name}\\}`;
    });
  }
  return { pattern: out, templates, isCaptureRule: /\(\?P?[<'][A-Z]/.test(out) };
}

function evalCall(rest: string, prefix: RegExp): string | undefined | 'invalid' {
  const m = prefix.exec(rest);
  if (!m) return undefined;
  const fn = m[1]!;
  // Perl's /^\w+\(.*\)$/: `$` may sit before a final newline, never present in a config line.
  if (!/^\w+\(.*\)$/.test(fn)) return 'invalid';
  return fn;
}

/** Handles `body`, `rawbody`, `full` and `uri` (the last has no eval form). */
export function defineRegexRule(
  type: 'body' | 'rawbody' | 'full' | 'uri',
  value: string,
  source: SourcePosition,
  sink: RuleSink,
): SettingError | undefined {
  const nr = nameAndRest(value);
  if (typeof nr === 'string') return nr;
  if (type !== 'uri') {
    const fn = evalCall(nr.rest, /^eval:(.*)$/);
    if (fn === 'invalid') return 'invalid';
    if (fn !== undefined) {
      if (checkName(nr.name, sink)) sink.add({ name: nr.name, type, isEval: true, isRbl: false, text: fn, source });
      return undefined;
    }
  }
  if (!checkName(nr.name, sink)) return undefined;
  const cap = parseCaptures(nr.rest);
  sink.add({
    name: nr.name,
    type,
    isEval: false,
    isRbl: false,
    text: cap.pattern,
    regexText: cap.pattern,
    ...(cap.templates.length ? { captureTemplates: cap.templates } : {}),
    ...(cap.isCaptureRule ? { isCaptureRule: true } : {}),
    source,
  });
  return undefined;
}

const HEADER_TEST = /^([\w.-]+(?::|(?::[a-z]+){1,2})?)[ \t\n\r\f\v]*([=!]~)[ \t\n\r\f\v]*(.+)$/s;
const HEADER_MODIFIER = /:(?!(?:raw|addr|name|host|domain|ip|revip|first|last)\b)/i;

/** Handles `header`: regex tests, `exists:` tests and (rbl)eval tests. */
export function defineHeaderRule(value: string, source: SourcePosition, sink: RuleSink): SettingError | undefined {
  const nr = nameAndRest(value);
  if (typeof nr === 'string') return nr;
  const fn = evalCall(nr.rest, /^(?:rbl)?eval:(.*)$/);
  if (fn === 'invalid') return 'invalid';
  if (fn !== undefined) {
    const isRbl = /^check_(?:rbl|dns)/.test(fn);
    if (checkName(nr.name, sink)) sink.add({ name: nr.name, type: 'header', isEval: true, isRbl, text: fn, source });
    return undefined;
  }
  if (!checkName(nr.name, sink)) return undefined;
  const text = nr.rest;
  let header: HeaderTest;
  let regexText: string | undefined;
  let cap: ReturnType<typeof parseCaptures> | undefined;
  const ex = /^exists:(.*)$/s.exec(text);
  if (ex) {
    if (!/^[\w.-]+:?$/.test(ex[1]!)) {
      sink.warn({ severity: 'error', code: 'invalid-header-test', rule: nr.name, message: `config: invalid head test ${nr.name} header: ${excerpt(ex[1]!)}` });
      return undefined;
    }
    header = { header: ex[1]!.replace(/:$/, ''), exists: true, negate: false };
  } else {
    const m = HEADER_TEST.exec(text);
    if (!m) {
      sink.warn({ severity: 'error', code: 'invalid-header-test', rule: nr.name, message: `config: invalid head test ${nr.name}: ${excerpt(text)}` });
      return undefined;
    }
    const hdr = m[1]!.replace(/:$/, '');
    if (HEADER_MODIFIER.test(hdr)) {
      sink.warn({ severity: 'error', code: 'invalid-header-test', rule: nr.name, message: `config: invalid header modifier for ${nr.name}: ${excerpt(hdr)}` });
      return undefined;
    }
    let pat = m[3]!;
    let ifUnset: string | undefined;
    const unset = /[ \t\n\r\f\v]+\[if-unset:[ \t\n\r\f\v]+(.+)\]$/s.exec(pat);
    if (unset) {
      ifUnset = unset[1]!;
      pat = pat.slice(0, unset.index);
    }
    cap = parseCaptures(pat);
    regexText = cap.pattern;
    header = { header: hdr, exists: false, negate: m[2] === '!~', ...(ifUnset !== undefined ? { ifUnset } : {}) };
  }
  sink.add({
    name: nr.name,
    type: 'header',
    isEval: false,
    isRbl: false,
    text,
    header,
    ...(regexText !== undefined ? { regexText } : {}),
    ...(cap?.templates.length ? { captureTemplates: cap.templates } : {}),
    ...(cap?.isCaptureRule ? { isCaptureRule: true } : {}),
    source,
  });
  return undefined;
}

/** Handles `meta`. The expression itself is validated by the compile stage (`is_meta_valid`). */
export function defineMetaRule(value: string, source: SourcePosition, sink: RuleSink): SettingError | undefined {
  const nr = nameAndRest(value);
  if (typeof nr === 'string') return nr;
  // Conf.pm refuses '**' and '* *' before anything else (Perl's power operator).
  if (/\*[ \t\n\r\f\v]*\*/.test(nr.rest)) return 'invalid';
  if (!checkName(nr.name, sink)) return undefined;
  sink.add({ name: nr.name, type: 'meta', isEval: false, isRbl: false, text: nr.rest, source });
  return undefined;
}

/**
 * Handles MIMEHeader's `mimeheader NAME Hdr[:raw] =~ /re/ [if-unset: x]`. SA defines it as a
 * body eval named `_mimeheader_eval_NAME()`; a second definition of the same name only replaces
 * the pattern (the eval already exists), which the compile stage handles like any redefinition.
 */
export function defineMimeHeaderRule(value: string, source: SourcePosition, sink: RuleSink): SettingError | undefined {
  const m = /^([_a-zA-Z][_a-zA-Z0-9]{0,127})[ \t\n\r\f\v]+/.exec(value);
  if (!m) return 'invalid';
  const name = m[1]!;
  const rest = value.slice(m[0].length);
  if (rest === '') return 'missing';
  const t = /^([^:\s]+(?::(?:raw)?)?)[ \t\n\r\f\v]*([=!]~)[ \t\n\r\f\v]*(.+)$/s.exec(rest);
  if (!t) return 'invalid';
  const hdr = t[1]!.replace(/:$/, '');
  let pattern = t[3]!;
  let ifUnset = '';
  const unset = /[ \t\n\r\f\v]+\[if-unset:[ \t\n\r\f\v]+(.+)\]$/s.exec(pattern);
  if (unset) {
    ifUnset = unset[1]!;
    pattern = pattern.slice(0, unset.index);
  }
  const raw = /:raw$/.test(hdr);
  if (!checkName(name, sink)) return undefined;
  sink.add({
    name,
    type: 'body',
    isEval: true,
    isRbl: false,
    text: `_mimeheader_eval_${name}()`,
    regexText: pattern,
    mimeheader: { header: raw ? hdr.slice(0, -4) : hdr, raw, negate: t[2] === '!~', ifUnset },
    source,
  });
  return undefined;
}

/**
 * Handles `reuse NAME [OLD...]`: SA defines an empty placeholder test when NAME is not defined
 * yet, so the name can carry a score and be referenced by metas.
 */
export function defineReuse(value: string, source: SourcePosition, sink: RuleSink): SettingError | undefined {
  const m = /[ \t\n\r\f\v]*(\w+)(?:[ \t\n\r\f\v]+(?:\w+(?:[ \t\n\r\f\v]+\w+)*))?[ \t\n\r\f\v]*$/.exec(value);
  if (!m) return 'invalid';
  const name = m[1]!;
  if (!sink.has(name) && checkName(name, sink)) {
    sink.add({ name, type: 'empty' as RuleType, isEval: false, isRbl: false, text: '', source });
  }
  return undefined;
}
