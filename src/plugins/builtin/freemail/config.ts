/**
 * FreeMail's configuration and its `_is_freemail` test: `freemail_domains` (plain names and
 * `*`/`?` wildcards), `freemail_welcomelist`, the built-in role-address exemptions and the
 * optional import of `(def_)welcomelist_auth`.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, splitWs } from '../../../perl/strings.js';
import { validTldsOnce } from '../vocabulary.js';
import { compileV8Now } from '../../../compile/regex/engines.js';
import { confLists, type AddrList } from '../wlbl-eval/lists.js';

/** Addresses never counted as freemail (role accounts, list and bounce addresses). */
export const EMAIL_WELCOMELIST = new RegExp(
  '^(?:abuse|support|sales|info|helpdesk|contact|kontakt|(?:post|host|domain)master|undisclosed[^\\n]*' +
    '|request-[a-f0-9]{16}|bounced?-' +
    '|[a-f0-9]{8}(?:\\.[a-f0-9]{8}|-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})' +
    '|[^\\n]+=[^\\n]+=[^\\n]+)@',
  'i',
);

/** Envelope senders that look like bulk mail (FREEMAIL_REPLYTO checks skip those). */
export const SKIP_REPLYTO_ENVFROM = new RegExp(
  '(?:^(?:post|host|domain)master|^double-bounce|^(?:sentto|owner|return|(?:gr)?bounced?)-[^\\n]+' +
    '|-(?:request|bounces?|admin|owner)|\\b(?:do[._-t]?)?no[._-t]?repl(?:y|ies)|[^\\n]+=[^\\n]+)@',
  'i',
);

/** The plugin's state for one rule set. */
export interface FreemailConf {
  /** Any freemail_domains entry at all (SA disables the plugin otherwise). */
  readonly available: boolean;
  readonly domains: ReadonlySet<string>;
  /** The wildcard entries as one `@(?:…)$` pattern. */
  readonly domainsRe: RegExp | undefined;
  readonly welcomelist: ReadonlySet<string>;
  /** SA's email pattern (`_init_email_regex`), ending in a valid TLD; capture 1 is the address. */
  readonly emailSource: string;
  /**
   * The patterns `_parse_body` runs with {@link emailSource}, compiled once for the rule set:
   * built per message, V8 compiled the TLD list's alternation again whenever a major GC had
   * emptied its regexp cache (28 ms over the 23 largest of 400 messages, against 1.4 ms once
   * warm; docs/benchmarks.md, ninth round). Global ones: callers reset `lastIndex` (`replace`
   * does).
   */
  readonly bodyPatterns: { readonly mailto: RegExp; readonly stripEmail: RegExp; readonly find: RegExp };
  /** `welcomelist_auth` / `def_welcomelist_auth` (WLBLEval's {@link confLists}), for `freemail_import_*`. */
  readonly auth: ReadonlyMap<string, AddrList>;
  /**
   * The `/o` patterns of {@link stickyRegExp}, by place: filled by the first scan that uses
   * each place and kept for the rule set's life (SA keeps them per process). The one piece of
   * a plugin's settings that scans write to.
   */
  readonly sticky: Map<string, RegExp>;
}

/** The eval context of FreeMail's evals. */
export type FreemailContext = EvalContext<FreemailConf>;

const LOCAL = "[a-z0-9!#$%&'*+/=?^_`{|}~-]";

/** FreeMail's settings hook (`FreeMail::set_config`, `finish_parsing_end`'s domain and email patterns). */
export function freemailConf(api: PluginSettingsApi): FreemailConf {
  const domains = new Set<string>();
  const wildcards = new Set<string>();
  const welcomelist = new Set<string>();
  for (const d of api.lines('freemail_domains', 'freemail_welcomelist', 'freemail_whitelist')) {
    if (d.name === 'freemail_domains') {
      for (const t of splitWs(d.value)) {
        if (/[^a-zA-Z0-9.*?-]/.test(t)) continue; // SA warns: invalid freemail_domains
        const v = lc(t);
        (/[*?]/.test(v) ? wildcards : domains).add(v);
      }
    } else if (d.name === 'freemail_welcomelist' || d.name === 'freemail_whitelist') {
      for (const t of splitWs(d.value)) {
        const v = lc(t);
        if (/\w[.@]\w/.test(v)) welcomelist.add(v);
      }
    }
  }
  let domainsRe: RegExp | undefined;
  if (wildcards.size) {
    const alts = [...wildcards].map((w) => w.replace(/\./g, '\\.').replace(/\?/g, '[^\\n]').replace(/\*/g, '[^.]*'));
    domainsRe = new RegExp(`@(?:${alts.join('|')})(?=\\n?$)`);
  }
  // built on first use (the TLD trie is the costly part of compiling these settings)
  const tldsSource = validTldsOnce(api);
  const wlbl = confLists(api);
  let emailSource: string | undefined;
  let bodyPatterns: FreemailConf['bodyPatterns'] | undefined;
  return {
    available: domains.size + wildcards.size > 0,
    domains,
    domainsRe,
    welcomelist,
    get emailSource() {
      return (emailSource ??=
        `(?=[^\\n]{0,64}@)(?<!${LOCAL})(${LOCAL}+(?:\\.${LOCAL}+)*@` +
        `(?:[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?\\.){1,4}${tldsSource()})`);
    },
    get bodyPatterns() {
      if (!bodyPatterns) {
        const email = this.emailSource;
        bodyPatterns = {
          mailto: new RegExp(`^(?:[mM][aA][iI][lL][tT][oO]):${email}`, 'i'),
          stripEmail: new RegExp(
            `<?(?<!mailto:)${email}(?:>|[\\t\\n\\x0b\\f\\r ]{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)`,
            'gi',
          ),
          find: new RegExp(email, 'gi'),
        };
        // Native code now (the warm-up builds these): short body lines would have them
        // interpreted, then compiled in the middle of a real scan.
        for (const re of Object.values(bodyPatterns)) compileV8Now(re);
      }
      return bodyPatterns;
    },
    get auth() {
      return wlbl.addr;
    },
    sticky: new Map(),
  };
}

/**
 * A regex that Perl compiled with `/o` at one place of FreeMail: the first pattern that place
 * ever used is reused for every later call, whatever pattern the later rule passes. Kept per rule
 * set (SA keeps it per process). Stock rules only pass `\d@`, so this changes nothing there.
 */
export function stickyRegExp(ctx: FreemailContext, site: string, re: RegExp): RegExp {
  const sticky = ctx.settings.sticky;
  const first = sticky.get(site);
  if (first) return first;
  sticky.set(site, re);
  return re;
}

/** `_is_freemail`. */
export function isFreemail(ctx: FreemailContext, email: string): boolean {
  if (email === '') return false;
  const c = ctx.settings;
  if (c.welcomelist.has(email)) return false;
  const domain = email.replace(/^[^\n]*@/, '');
  if (c.welcomelist.has(domain)) return false;
  if (EMAIL_WELCOMELIST.test(email)) return false;
  for (const list of ['welcomelist_auth', 'def_welcomelist_auth']) {
    if (!Number(ctx.config.get(`freemail_import_${list}`) ?? 0)) continue;
    for (const re of c.auth.get(list)?.values() ?? []) {
      // `/$regexp/o`: only the first entry ever compiled there is really tested
      if (stickyRegExp(ctx, 'import_auth', re).test(email)) return false;
    }
  }
  return c.domains.has(domain) || (c.domainsRe !== undefined && c.domainsRe.test(email));
}
