/**
 * The X-Spam-* headers: which ones (`add_header`, `remove_header`, `clear_headers`,
 * `report_safe 0`, replayed in configuration order as Conf.pm applies them) and their text
 * (tags replaced, folded at 79 columns, RFC 2047-encoded when needed), byte for byte as
 * `PerMsgStatus::_get_added_headers` writes them.
 */
import type { DirectiveOccurrence } from '../config/parsed-config.js';
import { mimeEncodeHeader } from './mime-encode-header.js';
import { replaceTags, type TagSource } from './tags.js';
import { wrapHeader } from './wrap.js';

/** A header template: `X-Spam-<name>` with a value holding tags. */
export interface HeaderTemplate {
  name: string;
  template: string;
}

/** The header templates for spam and for ham. */
export interface HeaderTemplates {
  spam: HeaderTemplate[];
  ham: HeaderTemplate[];
}

const CHECKER: HeaderTemplate = { name: 'Checker-Version', template: 'SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_' };

/** Unescapes an `add_header` value as Conf.pm does: `\t`, `\n`, `\\`; other escapes vanish. */
export function unescapeHeaderValue(value: string): string {
  return (value + '\n')
    .split('\\\\')
    .map((part) => part.replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\\[\s\S]/g, ''))
    .join('\\')
    .slice(0, -1);
}

/** Replays the header directives of a configuration (compiled once per rule set, see report-config.ts). */
export function headerTemplates(directives: readonly Pick<DirectiveOccurrence, 'name' | 'value'>[]): HeaderTemplates {
  let spam: HeaderTemplate[] = [CHECKER];
  let ham: HeaderTemplate[] = [CHECKER];
  const without = (list: HeaderTemplate[], name: string) => list.filter((h) => h.name.toLowerCase() !== name.toLowerCase());
  for (const d of directives) {
    if (d.name === 'add_header') {
      const m = /^(ham|spam|all)[ \t]+([A-Za-z0-9_-]+)[ \t]+(.*?)[ \t]*$/s.exec(d.value);
      if (!m) continue;
      const [, type, name, line] = m as unknown as [string, string, string, string];
      const q = /^"(.*)"$/s.exec(line);
      const h = { name, template: unescapeHeaderValue(q ? q[1]! : line) };
      if (type !== 'spam') ham = [...without(ham, name), h];
      if (type !== 'ham') spam = [...without(spam, name), h];
    } else if (d.name === 'remove_header') {
      const m = /^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s*$/.exec(d.value);
      if (!m || m[2] === 'Checker-Version') continue;
      if (m[1] !== 'spam') ham = without(ham, m[2]!);
      if (m[1] !== 'ham') spam = without(spam, m[2]!);
    } else if (d.name === 'clear_headers') {
      const keep = ham.filter((h) => h.name.toLowerCase() === 'checker-version').slice(0, 1);
      ham = [...keep];
      spam = [...keep];
    } else if (d.name === 'report_safe' && /^[012]$/.test(d.value) && d.value === '0') {
      if (!spam.some((h) => h.name.toLowerCase() === 'report')) spam = [...spam, { name: 'Report', template: '_REPORT_' }];
    }
  }
  return { spam, ham };
}

/** `_process_header`: tags replaced, trailing newlines removed, folded. */
export function processHeader(name: string, template: string, tags: TagSource, fold = true): string {
  let data = replaceTags(template, tags).replace(/(?:\r?\n)+$/, '');
  if (!fold) return data.replace(/\n/g, ' ');
  if (data.includes('\n')) return data.replace(/[ \t\n\r\f\v]*\n[ \t\n\r\f\v]*/g, '\n\t');
  let hdr = wrapHeader(`X-Spam-${name}!!${data}`);
  hdr = hdr.replace(/^[ \t\r\f\v]*\n/gm, '');
  return hdr.slice(hdr.indexOf('!!') + 2);
}

/** The X-Spam-* headers for a scan outcome (under a rule set's `report` settings), as `[name, value]` pairs with folded values. */
export function renderHeaders(report: { readonly headers: HeaderTemplates; readonly foldHeaders: boolean }, tags: TagSource): Array<[string, string]> {
  const t = report.headers;
  return (tags.isSpam ? t.spam : t.ham).map(({ name, template }) => [
    `X-Spam-${name}`,
    mimeEncodeHeader(processHeader(name, template, tags, report.foldHeaders)),
  ]);
}
