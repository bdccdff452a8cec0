/**
 * The line SA's report prints under a DNS-list rule that hit (`dnsbl_hit`'s `test_log`):
 * `[198.51.100.7 listed in zen.spamhaus.org]`, an IPv6 address for nibble queries, or the TXT
 * record itself with its URLs in angle brackets. The rules' lookups pass it to `ctx.testLog`
 * (see rule-lookups.ts).
 */

/**
 * The log text for one matching record of the answer to `name`, or undefined when SA logs
 * nothing (`__` sub-rules, names of no known shape).
 */
export function dnsblLogText(rule: string, name: string, rrtype: string, record: string): string | undefined {
  if (rule.startsWith('__')) return undefined;
  if (rrtype === 'TXT') {
    // Bare URLs get angle brackets, unless already bracketed or parenthesised; a Perl-false
    // text ('' or '0') is not logged.
    const log = record.replace(/(?<![<([])(https?:\/\/[^\t\n\x0b\f\r ]+)/gi, '<$1>');
    return log === '' || log === '0' ? undefined : log;
  }
  const v6 = /^((?:[0-9a-fA-F]\.){32})([^\t\n\x0b\f\r ]+\w)/.exec(name);
  if (v6) {
    const hex = v6[1]!.toLowerCase().split('.').filter(Boolean).reverse().join('');
    const grouped = hex.replace(/(....)(?!$)/g, '$1:').replace(/:0{1,3}/g, ':');
    return `${grouped} listed in ${v6[2]!.toLowerCase()}`;
  }
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.([^\t\n\x0b\f\r ]+\w)/.exec(name);
  if (v4) return `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]} listed in ${v4[5]!.toLowerCase()}`;
  const host = /^([^\t\n\x0b\f\r ]+)(?<!\.)/.exec(name);
  return host ? `listed in ${host[1]!.toLowerCase()}` : undefined;
}
