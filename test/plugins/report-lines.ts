/**
 * Reading the report lines rules log (`test_log`) back out of check()'s report, for the
 * plugins' tests: a rule set given {@link REPORT_ONLY} reports `_REPORT_` alone, where
 * SA prints each hit rule's log messages cut into pieces of 30-48 characters, one per line.
 */

/** Lines for a .cf that make the report `_REPORT_` and nothing else. */
export const REPORT_ONLY = 'clear_report_template\nreport _REPORT_\n';

/**
 * A log message as `_REPORT_` prints it: cut at white space into pieces of 30-48 characters
 * (SA's `get_report` loop), each piece a line of its own.
 */
export function reportPieces(message: string): string[] {
  const out: string[] = [];
  let rest = message;
  // Perl's `.` stops at a newline (no /s) and `\s` is ASCII white space here.
  const cut = /^([^\n]{30,48})[ \t\n\r\f\v]/;
  for (let m = cut.exec(rest); m; m = cut.exec(rest)) {
    out.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  out.push(rest);
  return out;
}

/**
 * Each rule's pieces in a `_REPORT_` hit table, sorted (SA logs in the order answers arrive,
 * and some plugins in Perl hash order). Rules that hit without logging are absent.
 */
export function piecesByRule(report: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let rule: string | undefined;
  for (const line of report.split('\n')) {
    const head = /^\* +-?[\d.]+ (\S+) /.exec(line);
    if (head) rule = head[1];
    const piece = /^(?:\* {6})?\[(.*)\]$/.exec(line);
    if (!head && piece && rule) (out[rule] ??= []).push(piece[1]!);
  }
  for (const lines of Object.values(out)) lines.sort();
  return out;
}

/** Log messages by rule (as Perl's `test_logs` holds them) as {@link piecesByRule} gives them. */
export function expectedPieces(logs: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(logs).map(([rule, msgs]) => [rule, msgs.flatMap(reportPieces).sort()]));
}

/**
 * A `_REPORT_` table (`report _REPORT_`) as rule → its bracketed detail lines (`test_log`), in
 * the order printed, for every rule listed (a rule that logged nothing maps to []). SA lists
 * the rules in Perl hash order, so only the lines per rule count.
 */
export function reportLines(report: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let rule = '';
  for (const line of report.split('\n')) {
    const head = /^\* +-?[\d.]+ (\S+) /.exec(line);
    if (head) out[(rule = head[1]!)] = [];
    else if (rule && /^\* {6}\[/.test(line)) out[rule]!.push(line.slice(7));
  }
  return out;
}
