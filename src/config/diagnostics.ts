/**
 * Diagnostics: how every layer of spamscore reports a problem without throwing.
 *
 * SpamAssassin reports configuration trouble through `Conf::Parser::lint_warn`, counting the
 * lines it calls errors and carrying on with the rest of the rule set. We keep that contract:
 * a problem becomes a {@link Diagnostic} record, loading continues, and `spamscore lint`
 * prints them the way `spamassassin --lint` does.
 */

/** How bad a diagnostic is. `error` is what `spamassassin --lint` counts as an error. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Stable machine-readable codes. New codes may be added; existing ones keep their meaning.
 */
export type DiagnosticCode =
  | 'parse-failed' // a line SpamAssassin would log as "failed to parse line"
  | 'unknown-directive'
  | 'invalid-value'
  | 'missing-value'
  | 'invalid-header-name'
  | 'if-syntax' // an `if` expression SpamAssassin would refuse
  | 'if-unclosed'
  | 'if-unbalanced' // `endif`/`else` with no `if`
  | 'include-failed'
  | 'include-cycle'
  | 'require-version'
  | 'plugin-unknown' // `loadplugin` of a module the registry does not have
  | 'plugin-directive' // a plugin's directive used while that plugin is not loaded
  | 'rule-name'
  | 'invalid-regexp'
  | 'regexp-untranslatable' // Perl accepts it but we cannot run it faithfully
  | 'invalid-header-test'
  | 'invalid-meta'
  | 'meta-unsolved'
  | 'invalid-eval'
  | 'eval-wrong-type'
  | 'unsupported-eval'
  | 'message' // per-message oddities (used by later stages)
  | 'dns-timeout' // a DNS lookup not answered in time (a miss)
  | 'dns-error' // a DNS lookup that failed (SERVFAIL, a resolver error; a miss)
  | 'dns-refused' // a DNS server that refused the query (a miss)
  | 'dns-budget' // the scan's DNS query budget was spent
  | 'dns-blocked' // a list blocked us earlier (dns_block_rule): queries to it are paused
  | 'dns-failures' // more failed lookups than are listed one by one
  | 'net-deadline' // the scan's network deadline passed; pending network rules are misses
  | 'net-client' // a network client (DCC, Pyzor, Razor, HTTP, SPF/DKIM) failed or is missing
  | 'time-limit' // the scan's deadline passed or its signal aborted before every rule ran
  | 'scan-abandoned' // a scanner pool gave up a scan that overran its deadline (worker replaced)
  | 'message-truncated' // a message over the scanner's maxMessageSize was scored on its first bytes
  | 'learn-failed' // learn()/forget() could not reach the learner's store (the error is the message); nothing learned
  | 'learn-abandoned' // a scanner pool gave up a learn that overran its deadline (worker replaced, nothing learned)
  | 'bayes-learn-during-report' // a TELL learn refused because bayes_learn_during_report is off
  | 'config-not-a-file' // a configuration path that is a device, FIFO or socket: not read (SA skips it too)
  | 'config-too-large' // a configuration file over MAX_CONFIG_FILE_BYTES: not read
  | 'pattern-too-large' // a rule pattern longer than PATTERN_LIMITS.source: the rule is dropped
  | 'pattern-too-complex' // a rule pattern nested or quantified beyond PATTERN_LIMITS: the rule is dropped
  | 'replace-tags-too-large' // a ReplaceTags expansion longer than PATTERN_LIMITS.source: the rule is not run
  | 'no-rules' // loading found no rules at all (SA: "no rules were found! Do you need to run 'sa-update'?")
  | 'bundled-rules' // only spamscore's bundled fallback rules were found (an error with `strict`)
  | 'config-missing' // a rules, site or user_prefs path given to loadRuleSet() does not exist
  | 'compiled-cache' // a compiled-rules cache entry (spamscore compile) that could not be used: damaged (warning) or stale (info); the rules were compiled instead
  | 'user-config-refused' // a line of a user's preferences (server) that only the site may set, or user rules the site does not allow
  | 'internal';

/**
 * One problem found while loading rules or scanning a message.
 *
 * `file` and `line` point at the configuration line that caused it when there is one.
 */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file?: string;
  line?: number;
  /** The rule concerned, when the problem is about one rule. */
  rule?: string;
}

/** The most characters of input text a diagnostic quotes (see {@link excerpt}). */
export const EXCERPT_LENGTH = 80;

/**
 * Input text as a diagnostic may quote it: printable ASCII only (any other byte becomes
 * `\xHH`), at most `max` characters, cut with an ellipsis. A configuration line may be
 * anything an `include` reached (a binary, a log, a file of secrets): diagnostics are logged
 * and shown, so they carry a recognizable start of it, never all of it. SA's `lint_warn`
 * quotes the whole line; the file and line number still locate it exactly.
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const piece =
      c >= 0x20 && c < 0x7f ? text[i]! : c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\x{${c.toString(16)}}`;
    if (out.length + piece.length > max) return out + '…';
    out += piece;
  }
  return out;
}

/** Where a configuration line came from. */
export interface SourcePosition {
  file: string;
  line: number;
}

/**
 * Formats a diagnostic the way `spamassassin --lint` prints its warnings:
 * `config: <message> in <file> (line <n>)`-style text, one line.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file !== undefined ? ` in ${d.file}${d.line !== undefined ? ` (line ${d.line})` : ''}` : '';
  const prefix = d.severity === 'error' ? '' : `${d.severity}: `;
  return `${prefix}${d.message}${where}`;
}

/** Error thrown by the `strict` loading mode: it carries every error diagnostic found. */
export class RuleSetError extends Error {
  /** The diagnostics that made loading fail. */
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      `rule set has ${errors.length} error(s):\n` +
        errors.slice(0, 20).map((d) => '  ' + formatDiagnostic(d)).join('\n') +
        (errors.length > 20 ? `\n  … and ${errors.length - 20} more` : ''),
    );
    this.name = 'RuleSetError';
    this.diagnostics = diagnostics;
  }
}
