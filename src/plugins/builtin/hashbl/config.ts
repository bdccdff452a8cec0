/**
 * HashBL's configuration: `hashbl_ignore`, `hashbl_email_domain_alias`, the `hashbl_acl_NAME`
 * lists, and the e-mail finder and welcomelist patterns (`hashbl_email_regex`,
 * `hashbl_email_welcomelist`), whose `_TLDS_` stands for the configured TLDs (SA fills it in at
 * `finish_parsing_end`), read once per rule set. The URIDNSBL skip list is read too: HashBL
 * skips those domains.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { translatePerlRegex } from '../../../compile/regex/translate.js';
import { lc, words } from '../../../perl/strings.js';
import { validTldsOnce } from '../vocabulary.js';
import { uriDnsblSkipDomains } from '../uridnsbl/config.js';

/** What HashBL reads from the configuration. */
export interface HashBlConfig {
  /** `hashbl_ignore` values and hashes (lower case). */
  readonly ignore: ReadonlySet<string>;
  /** `hashbl_email_domain_alias`: alias domain -> domain (lower case). */
  readonly domainAlias: ReadonlyMap<string, string>;
  /** `hashbl_acl_NAME` lists: domain -> 1 (listed) or 0 (excluded). */
  readonly acls: ReadonlyMap<string, ReadonlyMap<string, boolean>>;
  /** The e-mail finder, Perl source with `_TLDS_` filled in (capture 1 is the address). */
  readonly emailRegex: string;
  /** The welcomelist pattern (Perl source, `_TLDS_` filled in). */
  readonly welcomelist: string;
  /** `uridnsbl_skip_domain` entries. */
  readonly skipDomains: ReadonlySet<string>;
}

/**
 * SA's default e-mail finder, written out here: a local part of RFC 5322 atom characters
 * (dots between atoms) starting where no such character precedes, at most 64 characters
 * before the `@`, then one to four host labels of up to 61 characters and a known TLD.
 */
const DEFAULT_EMAIL_REGEX =
  "(?i)(?=.{0,64}\\@)(?<![a-z0-9!#\\$%&'*+\\/=?^_`{|}~-])" +
  "([a-z0-9!#\\$%&'*+\\/=?^_`{|}~-]+(?:\\.[a-z0-9!#\\$%&'*+\\/=?^_`{|}~-]+)*" +
  '\\@(?:[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?\\.){1,4}_TLDS_)';

/**
 * SA's default welcomelist: role and bounce-style local parts (abuse, support, postmaster,
 * undisclosed…, request-<16 hex>, bounce(d)-, message-id-like hex, a=b=c forwards).
 */
const DEFAULT_WELCOMELIST =
  '(?i)^(?:abuse|support|sales|info|helpdesk|contact|kontakt|(?:post|host|domain)master|undisclosed.*' +
  '|request-[a-f0-9]{16}|bounced?-|[a-f0-9]{8}(?:\\.[a-f0-9]{8}|-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})' +
  '|.+=.+=.+)\\@';

/** `valid_tlds_re` as it stringifies into a Perl pattern: `qr//i`, or SA's `no_tlds_defined`. */
function tldsSource(size: number, valid: () => string): string {
  return size === 0 ? 'no_tlds_defined' : `(?^i:${valid()})`;
}

/** A configured pattern when Perl compiles it (`compile_regexp($value, 0)`), else the default. */
function patternSetting(api: PluginSettingsApi, key: string, dflt: string): string {
  // neither directive declares a default: the value set, or undefined
  const v = api.setting(key);
  if (typeof v !== 'string' || v === '') return dflt;
  try {
    translatePerlRegex(v, '');
    return v;
  } catch {
    return dflt; // SA refuses the line (INVALID_VALUE) and keeps the default
  }
}

/** HashBL's settings hook: its configuration, read once per rule set (`HashBL::set_config`, `parse_config`). */
export function hashBlConfig(api: PluginSettingsApi): HashBlConfig {
  const ignore = new Set<string>();
  const domainAlias = new Map<string, string>();
  const acls = new Map<string, Map<string, boolean>>();
  for (const d of api.lines('hashbl_ignore', 'hashbl_email_domain_alias', /^hashbl_acl_/i)) {
    if (d.name === 'hashbl_ignore') {
      for (const w of words(d.value)) ignore.add(lc(w));
    } else if (d.name === 'hashbl_email_domain_alias') {
      const vals = words(lc(d.value));
      if (vals.length < 2 || d.value.includes('@')) continue; // INVALID_VALUE
      for (const alias of vals.slice(1)) domainAlias.set(alias, vals[0]!);
    } else {
      const acl = /^hashbl_acl_([a-z0-9]{1,32})$/i.exec(d.name);
      if (!acl) continue;
      const name = lc(acl[1]!);
      let list = acls.get(name);
      if (!list) acls.set(name, (list = new Map()));
      for (const item of words(d.value)) {
        const m = /^(!)?([^\t\n\x0b\f\r ]+)$/.exec(item)!;
        const value = lc(m[2]!);
        if (m[1]) list.set(value, false);
        else if (name !== 'all' && !list.has(value)) list.set(value, true); // exclusions win
      }
    }
  }
  // `_TLDS_` is filled in on first use (the TLD trie is the costly part of these settings)
  const size = api.tlds.tld.size;
  const valid = validTldsOnce(api);
  const emailPattern = patternSetting(api, 'hashbl_email_regex', DEFAULT_EMAIL_REGEX);
  const welcomePattern = patternSetting(api, 'hashbl_email_welcomelist', DEFAULT_WELCOMELIST);
  let emailRegex: string | undefined;
  let welcomelist: string | undefined;
  return {
    ignore,
    domainAlias,
    acls,
    get emailRegex() {
      return (emailRegex ??= emailPattern.replace(/_TLDS_/g, tldsSource(size, valid)));
    },
    get welcomelist() {
      return (welcomelist ??= welcomePattern.replace(/_TLDS_/g, tldsSource(size, valid)));
    },
    skipDomains: uriDnsblSkipDomains(api),
  };
}

/** The eval context of HashBL's evals: its settings typed. */
export type HashBlContext = EvalContext<HashBlConfig>;
