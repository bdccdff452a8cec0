/**
 * The text report: the `_SUMMARY_` / `_REPORT_` tables of hits (`PerMsgStatus::check_cleanup`),
 * the `_PREVIEW_` of the body (`get_content_preview`) and the `report` template filled in
 * (`get_report`), which is what `spamassassin -t` appends to a message.
 */
import { sprintfWidth } from './perl-format.js';
import { replaceTags, type TagSource } from './tags.js';
import { wrap } from './wrap.js';

/** A scored hit as the report lists it. */
export interface ReportHit {
  name: string;
  score: number;
  area: string;
  description: string;
  /** `test_log` lines of the rule (`*REDACTED*` for `nolog` rules). */
  log?: readonly string[];
}

function scoreColumn(score: number): string {
  return score >= 10 || score <= -10 ? sprintfWidth(score, 4, 0) : sprintfWidth(score, 4, 1);
}

/** `_wrap_desc`: a description wrapped to the report width, its first line offset. */
function wrapDesc(desc: string, firstLineLength: number, prefix: string, width: number): string {
  return wrap(desc, { prefix, first: ' '.repeat(firstLineLength), length: width }).replace(/^[ \t\n\r\f\v]+/, '');
}

/** The `_REPORT_` table (without its leading newline): one line per hit, test logs terse. */
export function reportTable(hits: readonly ReportHit[], width: number): string {
  let report = '';
  for (const h of hits) {
    const score = scoreColumn(h.score);
    const { terse } = logLines(h.log ?? []);
    report += `* ${score} ${h.name} ${h.area}${wrapDesc(h.description, 4 + h.name.length + score.length + h.area.length, '*      ', width)}\n${terse ? '*      ' + terse : ''}`;
  }
  return report;
}

/** The `_SUMMARY_` table: one line per hit, test logs in full. */
export function summaryTable(hits: readonly ReportHit[], width: number): string {
  let summary = '';
  for (const h of hits) {
    const score = scoreColumn(h.score);
    const { long } = logLines(h.log ?? []);
    summary += `${score} ${h.name.padEnd(22)} ${h.area}${wrapDesc(h.description, 3 + h.name.length + score.length + h.area.length, ' '.repeat(28), width)}\n${long}`;
  }
  return summary;
}

/**
 * A rule's `test_log` lines as `_REPORT_` (terse) and `_SUMMARY_` (long) show them: each
 * message cut at white space into pieces of 30-48 characters, none crossing a newline
 * (`get_report`'s `s/^(.{30,48})\s//`, whose `.` stops at a newline).
 */
function logLines(msgs: readonly string[]): { terse: string; long: string } {
  let terse = '';
  let long = '';
  const piece = (p: string) => {
    terse += `[${p}]\n`;
    long += p.length > 47 ? `${`[${p}]`.padStart(78)}\n` : `${' '.repeat(27)} [${p}]\n`;
  };
  for (let msg of msgs) {
    for (let m = /^([^\n]{30,48})[ \t\n\r\f\v]/.exec(msg); m; m = /^([^\n]{30,48})[ \t\n\r\f\v]/.exec(msg)) {
      piece(m[1]!);
      msg = msg.slice(m[0].length);
    }
    piece(msg);
  }
  return { terse, long };
}

/** `get_content_preview`: up to three body paragraphs (not the Subject), tidied and wrapped. */
export function contentPreview(bodyLines: readonly string[]): string {
  const ary = bodyLines.slice(1);
  let str = '';
  let numlines = 3;
  while (str.length < 200 && ary.length > 0 && numlines-- > 0) str += ary.shift();
  str = str.replace(/^(.{200}).+$/gm, '$1 [...]');
  str = str.replace(/\n$/, '') + '\n';
  str = str.replace(/-----Original Message-----.*$/gm, '');
  str = str.replace(/This is a multi-part message in MIME format\./g, '');
  str = str.replace(/[-_*.]{10,}/g, '');
  str = str.replace(/[ \t\n\r\f\v]+/g, ' ');
  str = wrap(str, { prefix: '  ', first: 'Content preview:  ', length: 75, overflow: true });
  return str.replace(/^Content preview:[ \t\n\r\f\v]+/g, '');
}

/** `get_report`: the report template with its tags replaced, ending in one blank line. */
export function renderReport(template: string | undefined, tags: TagSource): string {
  const text = replaceTags(template || '(no report template found)', tags);
  return text.replace(/\n*$/, '\n\n');
}
