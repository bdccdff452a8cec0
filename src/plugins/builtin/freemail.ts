/**
 * FreeMail: SpamAssassin's `Plugin::FreeMail` evals — sender, Reply-To, header and body
 * addresses at freemail domains (`freemail_domains`).
 */
import { lc } from '../../perl/strings.js';
import { perlRegExp } from './perl-regexp.js';
import { allFromAddrs } from './wlbl-eval/addresses.js';
import { SKIP_REPLYTO_ENVFROM, freemailConf, isFreemail, stickyRegExp, type FreemailConf, type FreemailContext } from './freemail/config.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const num = (ctx: FreemailContext, key: string, dflt: number): number => {
  const v = ctx.config.get(key);
  return typeof v === 'number' ? v : dflt;
};

/** URIs of `<a>` tags that the text parser did not also find (what FreeMail takes mailto:s from). */
function anchorOnlyUris(ctx: FreemailContext): string[] {
  const out: string[] = [];
  for (const [uri, info] of ctx.model.uriDetails().details) {
    if (info.types.has('a') && !info.types.has('parsed')) out.push(uri);
  }
  return out;
}

/**
 * `_parse_body`: the freemail addresses of the body, or undefined when the body holds too many
 * addresses or freemail addresses. Like SA it rewrites the rendered body in place, blanking
 * `http(s)://` URLs holding an `@` and addresses in `<…>` or followed by `word:`, so body rules
 * that run after it no longer see them.
 */
function bodyFreemails(ctx: FreemailContext): ReadonlySet<string> | undefined {
  return ctx.memo('fm:body', () => {
    const conf = ctx.settings;
    // first the URI detail list (built from the body before the rewrite below, as in SA)
    const seen = new Set<string>();
    const emails: string[] = [];
    const { mailto, stripEmail, find } = conf.bodyPatterns;
    for (const uri of anchorOnlyUris(ctx)) {
      const m = mailto.exec(uri);
      if (!m) continue;
      const email = lc(m[1]!);
      if (!seen.has(email)) emails.push(email);
      seen.add(email);
      if (emails.length >= 20) break;
    }
    const original = ctx.message.bodyLines();
    const body = [...original];
    const stripUrl = /<?https?:\/\/[^\t\n\x0b\f\r ]{0,255}(?:@|%40)[^\t\n\x0b\f\r ]{0,255}/gi;
    scan: for (let i = 0; i < body.length; i++) {
      // Each of the three patterns needs an `@` (or, for a URL, `%40`) in the line: a line
      // without one is left as it is and holds no address. (Skipping it saves running the
      // address pattern's 64-char lookahead at every position: 1.8% of warm-scan time.)
      if (!body[i]!.includes('@') && !body[i]!.includes('%40')) continue;
      const line = body[i]!.replace(stripUrl, ' ').replace(stripEmail, ' ');
      if (line !== body[i]) body[i] = line;
      find.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = find.exec(line))) {
        const email = lc(m[1]!);
        if (!seen.has(email)) emails.push(email);
        seen.add(email);
        if (emails.length >= 40) break scan;
      }
    }
    // SA rewrites the body array in place, so body rules that run later see the blanks.
    if (body.some((l, i) => l !== original[i])) ctx.model.replaceBodyLines(body);
    const maxEmails = num(ctx, 'freemail_max_body_emails', 5);
    const maxFreemails = num(ctx, 'freemail_max_body_freemails', 3);
    const skipOver = num(ctx, 'freemail_skip_when_over_max', 1);
    const found = new Set<string>();
    let all = 0;
    let fm = 0;
    for (const email of emails) {
      if (++all === maxEmails && skipOver) return undefined;
      if (!isFreemail(ctx, email)) continue;
      if (++fm === maxFreemails && skipOver) return undefined;
      found.add(email);
    }
    return found;
  });
}

/**
 * `_test_log`: the addresses a hit is about, as a line of the rule's report entry, `@` written
 * `(at)`; only while `freemail_add_describe_email` is on (the default).
 */
function describeEmail(ctx: FreemailContext, text: string): void {
  if (num(ctx, 'freemail_add_describe_email', 1)) ctx.testLog(text.replace(/@/g, '(at)'), ctx.rule, 'latin1');
}

/** The rule's optional pattern argument, as SA compiles it; null when it does not compile. */
const ruleRegExp = (regex: string | undefined): RegExp | null | undefined =>
  regex === undefined ? undefined : (perlRegExp(regex) ?? null);

/** FreeMail's evals by name. */
const FREEMAIL: EvalImpls<FreemailConf> = {
  /** An address of the header (optionally matching a pattern) is freemail. */
  check_freemail_header: (ctx, header, regex) => {
    if (!ctx.settings.available || header === undefined) return 0;
    const re = ruleRegExp(regex);
    if (re === null) return 0;
    for (const email of ctx.message.get(`${header}:addr`).map((s) => lc(s))) {
      if (!isFreemail(ctx, email)) continue;
      if (re && !stickyRegExp(ctx, 'header', re).test(email)) continue;
      describeEmail(ctx, email);
      return 1;
    }
    return 0;
  },

  /** A freemail address in the body (optionally matching a pattern). */
  check_freemail_body: (ctx, regex) => {
    if (!ctx.settings.available) return 0;
    const found = bodyFreemails(ctx);
    if (!found) return 0;
    const re = ruleRegExp(regex);
    if (re === null) return 0;
    if (re) {
      for (const email of found) {
        if (!stickyRegExp(ctx, 'body', re).test(email)) continue;
        describeEmail(ctx, email);
        return 1;
      }
      return 0;
    }
    if (!found.size) return 0;
    describeEmail(ctx, [...found].join(', '));
    return 1;
  },

  /** FREEMAIL_FROM: a sender address (all_from_addrs) is freemail. */
  check_freemail_from: (ctx, regex) => {
    if (!ctx.settings.available) return 0;
    const re = ruleRegExp(regex);
    if (re === null) return 0;
    const from = new Set(allFromAddrs(ctx).map((s) => lc(s)));
    from.delete('');
    for (const email of from) {
      if (!isFreemail(ctx, email)) continue;
      if (re && !stickyRegExp(ctx, 'from', re).test(email)) continue;
      describeEmail(ctx, email);
      return 1;
    }
    return 0;
  },

  /** From (or a body address) and Reply-To are different freemail addresses. */
  check_freemail_replyto: (ctx, what = 'replyto') => {
    if (!ctx.settings.available) return 0;
    if (what !== 'replyto' && what !== 'reply') return 0;
    if (num(ctx, 'freemail_skip_bulk_envfrom', 1)) {
      const envfrom = ctx.message.get('EnvelopeFrom')[0];
      if (envfrom !== undefined && SKIP_REPLYTO_ENVFROM.test(envfrom)) return 0;
    }
    const fromAddrs = ctx.message.get('From:addr').map((s) => lc(s));
    const replyAddrs = ctx.message.get('Reply-To:addr').map((s) => lc(s));
    const fromIsFm = fromAddrs.some((a) => isFreemail(ctx, a));
    const replyIsFm = replyAddrs.some((a) => isFreemail(ctx, a));
    const fromNotInReplyto = !fromAddrs.some((f) => replyAddrs.includes(f));
    if (fromIsFm && replyIsFm && fromNotInReplyto) {
      describeEmail(ctx, `${fromAddrs.join(',')} -> ${replyAddrs.join(',')}`);
      return 1;
    }
    if (what === 'replyto') {
      if (!replyIsFm) return 0;
    } else if (replyAddrs.length && !replyIsFm) return 0;
    else if (!fromIsFm) return 0;
    const found = bodyFreemails(ctx);
    if (!found) return 0;
    const reply = what === 'replyto' || replyIsFm ? replyAddrs : fromAddrs;
    for (const body of found) {
      for (const r of reply) {
        if (body === r) continue;
        describeEmail(ctx, `${r}, ${body}`);
        return 1;
      }
    }
    return 0;
  },
};

/** `Mail::SpamAssassin::Plugin::FreeMail`: SA's vocabulary (catalog.ts) with the implementations above. */
export const FREEMAIL_PLUGIN = definePlugin({
  ...saVocabulary('FreeMail'),
  settings: freemailConf,
  evals: saEvals('FreeMail', FREEMAIL),
});
