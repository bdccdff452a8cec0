/**
 * Reading the hit table of a report (`_SUMMARY_` in SA's default template) back into rules and
 * their `test_log` lines, so a report can be compared with Perl's without the hit order, which
 * follows the order answers arrived or Perl's hash order and changes from one Perl run to the next.
 */

/**
 * A report's hit table (`_SUMMARY_` in the default template): the lines after the dashed
 * header up to the blank line, cut into one block per rule (its line, the description's
 * continuation lines, then its bracketed `test_log` lines).
 */
export function hitBlocks(report: string): { before: string[]; blocks: { rule: string; head: string[]; detail: string[] }[]; after: string[] } {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => /^-{4} -{22} -+$/.test(l)) + 1;
  let end = lines.indexOf('', start);
  if (end < 0) end = lines.length;
  const blocks: { rule: string; head: string[]; detail: string[] }[] = [];
  for (const line of lines.slice(start, end)) {
    const rule = /^ *-?[\d.]+ ([A-Za-z0-9_]+) /.exec(line);
    if (rule) blocks.push({ rule: rule[1]!, head: [line], detail: [] });
    else if (/^ *\[.*\]$/.test(line)) blocks.at(-1)?.detail.push(line);
    else blocks.at(-1)?.head.push(line);
  }
  return { before: lines.slice(0, start), blocks, after: lines.slice(end) };
}

/**
 * The report with its hit table in a fixed order: rules by name, each rule's detail lines
 * sorted. SA lists rules in the order they hit and a rule's lines in the order its answers
 * came (or in Perl hash order: the hosts check_rbl_from_host asks about), which changes from
 * one Perl run to the next (in about a third of these fixtures), so only each line's text and
 * how often it appears are SA's answer, not their order.
 */
export function orderedReport(report: string): string {
  const { before, blocks, after } = hitBlocks(report);
  const sorted = [...blocks].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return [...before, ...sorted.flatMap((b) => [...b.head, ...[...b.detail].sort()]), ...after].join('\n');
}

/** Each rule's detail lines in a report, trimmed and sorted (see {@link orderedReport}). */
export function detailLines(report: string): Map<string, string[]> {
  return new Map(hitBlocks(report).blocks.map((b) => [b.rule, b.detail.map((l) => l.trim()).sort()]));
}
