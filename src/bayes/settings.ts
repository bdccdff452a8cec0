/**
 * The Bayes part of a compiled rule set, read once: token sources, ignored headers, stopwords,
 * thresholds and the store configuration (Conf.pm's `bayes_*` and `use_*` settings,
 * Plugin/Bayes.pm's own directives, Plugin/AutoLearnThreshold.pm's thresholds).
 */
import { compileStopwords, parseStopwordLanguages } from './stopwords.js';
import type { TokenizerOptions } from './tokenize.js';

/** A `bayes_token_sources` word. */
export type TokenSource = 'header' | 'visible' | 'invisible' | 'uri' | 'mimepart';
/** The enabled token sources. */
export type TokenSources = ReadonlySet<TokenSource>;

const ALL_SOURCES: readonly TokenSource[] = ['header', 'visible', 'invisible', 'uri', 'mimepart'];

/** Everything Bayes reads from the configuration. */
export interface BayesSettings {
  readonly useBayes: boolean;
  readonly useLearner: boolean;
  readonly useBayesRules: boolean;
  readonly autoLearn: boolean;
  readonly autoLearnOnError: boolean;
  readonly thresholdNonspam: number;
  readonly thresholdSpam: number;
  readonly minSpamNum: number;
  readonly minHamNum: number;
  readonly useHapaxes: boolean;
  readonly sources: TokenSources;
  readonly tokenizer: TokenizerOptions;
  readonly bodyPartScanSize: number;
  /** `bayes_path` when a configuration line set it (SA's default `__userstate__/bayes` is not applied). */
  readonly path: string | undefined;
  readonly storeModule: string | undefined;
  readonly sqlDsn: string | undefined;
  readonly autoExpire: boolean;
  /** `bayes_expiry_max_db_size`. */
  readonly expiryMaxDbSize: number;
  readonly tokenTtl: number;
  readonly seenTtl: number;
  /** SA's warnings about the Bayes configuration (missing stopword languages…). */
  readonly warnings: readonly string[];
}

/**
 * `bayes_token_sources` (Conf.pm:2177-2244): lower-cased words read left to right; `none`/`noall`
 * clear, `all` sets all five, `noX` removes X, `X` adds X. Repeated lines edit the same set.
 */
export function applyTokenSources(current: Set<TokenSource>, value: string): 'invalid' | 'missing' | undefined {
  if (value === '') return 'missing';
  for (const w of value.replace(/[A-Z]+/g, (m) => m.toLowerCase()).split(/[\t\n\x0b\f\r ]+/).filter(Boolean)) {
    if (w === 'none' || w === 'noall') current.clear();
    else if (w === 'all') for (const s of ALL_SOURCES) current.add(s);
    else if (w.startsWith('no') && (ALL_SOURCES as readonly string[]).includes(w.slice(2))) current.delete(w.slice(2) as TokenSource);
    else if ((ALL_SOURCES as readonly string[]).includes(w)) current.add(w as TokenSource);
    else return 'invalid';
  }
  return undefined;
}

/**
 * What the Bayes settings are read from: a rule set's settings and its `bayes_*` directive
 * lines in the order read (the Bayes plugin's settings hook picks them out at compile time).
 */
export interface BayesConfigSource {
  readonly settings: ReadonlyMap<string, unknown>;
  readonly lines: readonly { readonly name: string; readonly value: string }[];
}

/** Reads the Bayes settings of a rule set. */
export function bayesSettings(source: BayesConfigSource): BayesSettings {
  const get = (k: string) => source.settings.get(k);
  const bool = (k: string, dflt: boolean) => {
    const v = get(k);
    return v === undefined ? dflt : v === true || v === 1 || v === '1';
  };
  const num = (k: string, dflt: number) => {
    const v = get(k);
    return typeof v === 'number' ? v : typeof v === 'string' && /^[+-]?\d+(?:\.\d*)?$/.test(v) ? Number(v) : dflt;
  };
  const str = (k: string) => {
    const v = get(k);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const sources = new Set<TokenSource>(['header', 'visible', 'invisible', 'uri']);
  const ignore = new Set<string>();
  let languages: string[] = ['en'];
  const patterns = new Map<string, string[]>();
  const warnings: string[] = [];
  for (const d of source.lines) {
    if (d.name === 'bayes_token_sources') {
      if (applyTokenSources(sources, d.value)) warnings.push(`config: invalid bayes_token_sources value: ${d.value}`);
    } else if (d.name === 'bayes_ignore_header') {
      for (const w of d.value.split(/[\t\n\x0b\f\r ]+/)) if (w !== '') ignore.add(w.replace(/[A-Z]+/g, (m) => m.toLowerCase()));
    } else if (d.name === 'bayes_stopword_languages') {
      const l = parseStopwordLanguages(d.value);
      if (Array.isArray(l)) languages = l;
    } else {
      const m = /^bayes_stopword_([a-z]{2})$/i.exec(d.name);
      if (m) {
        const lang = m[1]!.toLowerCase();
        const list = patterns.get(lang) ?? [];
        list.push(d.value);
        patterns.set(lang, list);
      }
    }
  }
  const stop = compileStopwords(languages, patterns);
  warnings.push(...stop.warnings);
  return {
    useBayes: bool('use_bayes', true),
    useLearner: bool('use_learner', true),
    useBayesRules: bool('use_bayes_rules', true),
    autoLearn: bool('bayes_auto_learn', true),
    autoLearnOnError: bool('bayes_auto_learn_on_error', false),
    thresholdNonspam: num('bayes_auto_learn_threshold_nonspam', 0.1),
    thresholdSpam: num('bayes_auto_learn_threshold_spam', 12.0),
    minSpamNum: num('bayes_min_spam_num', 200),
    minHamNum: num('bayes_min_ham_num', 200),
    useHapaxes: bool('bayes_use_hapaxes', true),
    sources,
    tokenizer: { maxTokenLength: num('bayes_max_token_length', 15), stopwords: stop.regexes, ignoreHeaders: ignore },
    bodyPartScanSize: num('body_part_scan_size', 50000),
    path: str('bayes_path'),
    storeModule: str('bayes_store_module'),
    sqlDsn: str('bayes_sql_dsn'),
    autoExpire: bool('bayes_auto_expire', true),
    expiryMaxDbSize: num('bayes_expiry_max_db_size', 150000),
    tokenTtl: num('bayes_token_ttl', 1814400),
    seenTtl: num('bayes_seen_ttl', 691200),
    warnings,
  };
}
