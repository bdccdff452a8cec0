/**
 * `if` / `ifplugin` conditions, evaluated the way `Conf::Parser::handle_conditional` does.
 *
 * SA rebuilds the condition as Perl and `eval`s it. We parse the same tokens with the same
 * meaning and evaluate them ourselves, so a rule file can never run code:
 * - `plugin(X)`: X is loaded (`Mail::SpamAssassin::Plugin::RaciallyCharged` always counts as loaded);
 * - `can(Pkg::fn)`: the function exists and returns true; `has(Pkg::fn)`: it exists. For
 *   `Mail::SpamAssassin::Conf::*` these are SA's `feature_*` flags and the `compat_*` names that
 *   `enable_compat` creates; for a plugin they are its `has_*` probes, present only once loaded;
 * - `version` is 4.000001, `perl_version` 5.036000, `local_tests_only` 1 or 0;
 * - a word like `Foo::Bar` is a string (true), a number is a number; anything else is refused.
 */
import {
  evaluate,
  ExpressionSyntaxError,
  lexExpression,
  parseTokens,
  type Expr,
  type PerlValue,
} from './expression.js';
import { excerpt } from './diagnostics.js';
import { perlTrue } from '../perl/truth.js';

/** The SpamAssassin version that `version` stands for in conditions (4.0.1). */
export const SA_VERSION_NUMBER = 4.000001;
/** The Perl version `perl_version` stands for (SA's reference runs on Perl 5.36). */
export const PERL_VERSION_NUMBER = 5.036;

/** `Mail::SpamAssassin::Conf::feature_*` and friends: every one returns 1 in SA 4.0.1. */
export const CONF_FEATURES: ReadonlySet<string> = new Set([
  'feature_originating_ip_headers',
  'feature_dns_local_ports_permit_avoid',
  'feature_bayes_auto_learn_on_error',
  'feature_uri_host_listed',
  'feature_yesno_takes_args',
  'feature_bug6558_free',
  'feature_edns',
  'feature_dns_query_restriction',
  'feature_registryboundaries',
  'feature_geodb',
  'feature_dns_block_rule',
  'feature_compile_regexp',
  'feature_meta_rules_matching',
  'feature_subjprefix',
  'feature_bayes_stopwords',
  'feature_get_host',
  'feature_blocklist_welcomelist',
  'feature_welcomelist_blocklist',
  'feature_header_address_parser',
  'feature_local_tests_only',
  'feature_header_first_last',
  'feature_header_match_many',
  'feature_capture_rules',
  'has_tflags_nosubject',
  'has_tflags_nolog',
  'perl_min_version_5010000',
]);

/** What a condition may ask about the configuration being read. */
export interface ConditionEnvironment {
  /** Whether a plugin module (full name, after SA's renames) is loaded. */
  pluginLoaded(name: string): boolean;
  /** Whether `Pkg::fn` exists (`has`) or exists and returns true (`can`). */
  probe(pkg: string, fn: string, mode: 'can' | 'has'): boolean;
  /** The value of `local_tests_only`. */
  localTestsOnly: boolean;
  /** Module names SA rewrites (Dmarc → DMARC, WhiteListSubject → WelcomeListSubject). */
  canonicalName(name: string): string;
}

/** The outcome of evaluating a condition. */
export type ConditionResult =
  | { kind: 'value'; value: boolean }
  /** A token SA refuses before evaluating: the line is ignored and no block is opened. */
  | { kind: 'refused'; message: string }
  /** The rebuilt expression does not evaluate (a Perl syntax error): the block is skipped. */
  | { kind: 'error'; message: string };

const CLASS_NAME = /^\w[\w:]+$/;
const STRICT_CLASS_NAME = /^(?:\w+::){0,10}\w+$/;
const COPIED = /^(?:\W{1,5}|[+-]?\d+(?:\.\d+)?)$/;

/** Parses and evaluates an `if` condition (for `ifplugin X`, pass `plugin (X)`). */
export function evaluateCondition(text: string, env: ConditionEnvironment): ConditionResult {
  const tokens = lexExpression(text);
  // First the token screening of handle_conditional: a refused token aborts the whole line.
  for (const t of tokens) {
    if (t === '(' || t === ')' || t === '!' || t === 'plugin' || t === 'can' || t === 'has') continue;
    if (t === 'version' || t === 'perl_version' || t === 'local_tests_only') continue;
    if (COPIED.test(t)) continue;
    if (CLASS_NAME.test(t)) {
      if (!STRICT_CLASS_NAME.test(t)) return { kind: 'refused', message: `config: not allowed value '${excerpt(t)}'` };
      continue;
    }
    return { kind: 'refused', message: `config: unparseable value '${excerpt(t)}'` };
  }
  let expr: Expr;
  try {
    expr = parseTokens(tokens, (t, next) => {
      if (t === 'plugin' || t === 'can' || t === 'has') return 'call';
      if (t === 'version') return { kind: 'number', value: SA_VERSION_NUMBER };
      if (t === 'perl_version') return { kind: 'number', value: PERL_VERSION_NUMBER };
      if (t === 'local_tests_only') return { kind: 'number', value: env.localTestsOnly ? 1 : 0 };
      if (CLASS_NAME.test(t)) {
        if (next === '(') throw new ExpressionSyntaxError(`syntax error near "'${excerpt(t)}' ("`);
        return { kind: 'string', value: env.canonicalName(t) };
      }
      throw new ExpressionSyntaxError(`syntax error near "${excerpt(t)}"`);
    });
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { kind: 'error', message: e.message };
    throw e;
  }
  try {
    const value = evaluate(expr, {
      name: () => undefined,
      call: (fn, args) => callClause(fn, args, env),
    });
    return { kind: 'value', value: perlTrue(value) };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

function callClause(fn: string, args: PerlValue[], env: ConditionEnvironment): PerlValue {
  const arg = args[0];
  if (fn === 'plugin') {
    if (typeof arg !== 'string') return undefined;
    return env.pluginLoaded(arg) ? 1 : undefined;
  }
  // can()/has() take "Package::function"; without "::" SA warns and answers false.
  if (typeof arg !== 'string') return undefined;
  const m = /^(.*)::([^:]+)$/.exec(arg);
  if (!m) return undefined;
  return env.probe(m[1]!, m[2]!, fn === 'has' ? 'has' : 'can') ? 1 : undefined;
}
