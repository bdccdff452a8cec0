/**
 * HeaderEval's evals over ordinary header values: illegal characters, far-away charsets,
 * recipient lists, Subject tests, header counts, templates, ratware and From/envelope domains.
 */
import type { EvalContext } from '../../types.js';
import { decodedValues } from '../../../message/header-context.js';
import { isValidUtf8 } from '../../../perl/utf8.js';
import { EOS, S } from '../../../perl/regex-classes.js';
import { caseless, lc, quotemeta, splitWs, uc } from '../../../perl/strings.js';
import { perlNum } from '../../../perl/numbers.js';
import { perlTrue } from '../../../perl/truth.js';
import { isDomainValid, trimDomain } from '../../../message/registry-boundaries.js';

const get = (ctx: EvalContext, name: string) => ctx.message.getScalar(name) ?? '';

/** `%Locales::charsets_for_locale`. */
const CHARSETS_FOR_LOCALE: Readonly<Record<string, string>> = {
  ja: 'EUCJP JISX020119760 JISX020819830 JISX020819900 JISX020819970 JISX021219900 JISX021320001 JISX021320002 SHIFT_JIS SHIFTJIS ISO2022JP SJIS JIS7 JISX0201 JISX0208 JISX0212',
  ko: 'EUCKR KSC56011987',
  ru: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  ka: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  tg: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  be: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  uk: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  bg: 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866',
  th: 'TIS620',
  zh: 'GB1988 GB2312 GB231219800 GB18030 GBK BIG5HKSCS BIG5 EUCTW ISO2022CN',
  'zh.big5': 'BIG5HKSCS BIG5 EUCTW',
  'zh.gb2312': 'GB1988 GB2312 GB231219800 GB18030 GBK ISO2022CN',
};

/** `Locales::is_charset_ok_for_locales`. */
export function isCharsetOkForLocales(charset: string, locales: readonly string[]): boolean {
  let cs = uc(charset).replace(/[^A-Z0-9]/g, '');
  cs = cs.replace(/^3D/, '').replace(/:[\s\S]*$/, '');
  if (cs === 'USASCII' || cs === 'ASCII' || cs === 'IBM852' || cs === 'XUNKNOWN' || cs === 'ISO') return true;
  if (/^(?:ISO8859|ISO10646|UTF|UCS|CP125|WINDOWS|UNICODE11UTF[78])/.test(cs)) return true;
  for (let locale of locales) {
    if (locale === 'C') locale = 'en';
    locale = locale.replace(/^([a-z][a-z])[^\n]*$/, '$1');
    const ok = Object.hasOwn(CHARSETS_FOR_LOCALE, locale) ? CHARSETS_FOR_LOCALE[locale] : undefined; // `ok_locales __proto__`
    if (ok !== undefined && new RegExp(`(?:^| )${quotemeta(cs)}(?:$| )`).test(ok)) return true;
  }
  return false;
}

/**
 * `Util::get_my_locales($ok_locales)`. SA also appends the process locale (LC_ALL, LANGUAGE,
 * LC_MESSAGES or LANG); a library should not depend on its environment, so it is left out —
 * it only matters for ja/ko/ru/… process locales.
 */
export const myLocales = (ctx: EvalContext): string[] => {
  const v = ctx.config.get('ok_locales');
  return splitWs(typeof v === 'string' ? v : 'all');
};

/** `_check_recipients`: the To/Cc address list's sortedness and similarity. */
function recipients(ctx: EvalContext): { sorted: boolean; similar: number } {
  return ctx.memo('he:recipients', () => {
    const inputs: string[] = [];
    for (const req of ['ToCc:addr', 'Bcc:addr']) {
      inputs.push(...ctx.message.get(req));
      if (inputs.length >= 5) break;
    }
    const address: string[] = [];
    let previous = '';
    for (const current of inputs) {
      if (!perlTrue(current)) break; // `while (my $current = shift @inputs)`
      if (lc(current) !== lc(previous)) address.push((previous = current));
      if (address.length === 256) break;
    }
    const sorted = address.length >= 7 && address.join(',') === [...address].sort().join(',');
    let similar = 0;
    if (address.length >= 5) {
      const user = address.map((a) => a.slice(0, 2));
      // `map { m/\@(.*)/ }` yields nothing for an address without '@': the lists then misalign, as in SA
      const fqhn = address.flatMap((a) => {
        const m = /@([^\n]*)/.exec(a);
        return m ? [m[1]!] : [];
      });
      const host = fqhn.map((f) => f.slice(0, 2));
      let hits = 0;
      let combinations = 0;
      for (let i = 0; i < address.length; i++) {
        for (let j = i + 1; j < address.length; j++) {
          if (user[i] === user[j]) hits++;
          if ((host[i] ?? '') === (host[j] ?? '') && (fqhn[i] ?? '') !== (fqhn[j] ?? '')) hits++;
          combinations++;
        }
      }
      similar = hits / combinations;
    }
    return { sorted, similar };
  });
}

const CLTFAC = /=\?[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*\?/i;
const TEMPLATE_EXEMPT = /^(?:X-VMS-To|X-UIDL|X-Face|To|Cc|From|Subject|References|In-Reply-To|(?:X-|Resent-|X-Original-)?Message-Id):/i;

/** The part of an address after its last '@', cut to its last two labels (HEADER_FROM_DIFFERENT_DOMAINS). */
function secondLevel(addr: string): string {
  const m = /@([^@]*)$/.exec(addr);
  const d = m ? m[1]! : '';
  return d.replace(/^[^\n]+\.([^.]+\.[^.]+)(?=\n?$)/, '$1');
}

/** HeaderEval's other header evals by name. */
export const HEADER_EVALS = {
  /** MISSING_HEADERS: neither To nor Apparently-To. */
  check_for_missing_to_header: (ctx: EvalContext) => {
    let hdr = get(ctx, 'To');
    if (hdr === '') hdr = get(ctx, 'Apparently-To');
    return hdr === '' ? 1 : 0;
  },

  /** Deprecated in SA (bug 8051): never hits. */
  check_for_unique_subject_id: () => 0,

  /** FROM_ILLEGAL_CHARS & co: share and count of unencoded 8-bit/control bytes in `Hdr:raw`. */
  check_illegal_chars: (ctx: EvalContext, header = '', ratio = '', count = '') => {
    const name = /:raw$/.test(header) ? header : `${header}:raw`;
    const str = get(ctx, name);
    if (!/[^\t\n\x0b\f\r ]/.test(str)) return 0;
    if (/[^\x00-\x7f]/.test(str) && isValidUtf8(str) && !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(str)) return 0;
    let illegal = (str.match(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff]/g) ?? []).length;
    if (illegal > 0 && lc(name) === 'subject:raw') {
      const exempt = (str.match(/[\xa2\xa3\xae]/g) ?? []).length;
      if (exempt === 1) illegal--;
    }
    return illegal / str.length >= perlNum(ratio) && illegal >= perlNum(count) ? 1 : 0;
  },

  /** CHARSET_FARAWAY_HEADER: an RFC 2047 charset in From/Subject not fit for ok_locales. */
  check_for_faraway_charset_in_headers: (ctx: EvalContext) => {
    const locales = myLocales(ctx);
    if (locales.includes('all')) return 0;
    for (const h of ['From', 'Subject']) {
      for (const hdr of ctx.message.get(`${h}:raw`)) {
        const re = /=\?([^\n]+?)\?[^\n]\?[^\n]*?\?=/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(hdr))) if (!isCharsetOkForLocales(m[1]!, locales)) return 1;
      }
    }
    return 0;
  },

  /** SORTED_RECIPS: seven or more recipients in alphabetical order. */
  sorted_recipients: (ctx: EvalContext) => (recipients(ctx).sorted ? 1 : 0),

  /** SUSPICIOUS_RECIPS: the similarity of recipient addresses is within [min, max). */
  similar_recipients: (ctx: EvalContext, min = 'undef', max = 'undef') => {
    const s = recipients(ctx).similar;
    return (min === 'undef' || s >= perlNum(min)) && (max === 'undef' || s < perlNum(max)) ? 1 : 0;
  },

  /** __ENV_AND_HDR_FROM_MATCH: EnvelopeFrom and From addresses equal (both empty counts). */
  check_for_matching_env_and_hdr_from: (ctx: EvalContext) =>
    lc(get(ctx, 'EnvelopeFrom:addr')) === lc(get(ctx, 'From:addr')) ? 1 : 0,

  /** SUBJ_ALL_CAPS. */
  subject_is_all_caps: (ctx: EvalContext) => {
    let subject = get(ctx, 'Subject')
      .replace(/^[\t\n\x0b\f\r ]+/, '')
      .replace(/[\t\n\x0b\f\r ]+$/, '')
      .replace(new RegExp(`^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):${S}*)+`, 'i'), '');
    if (!/[\t\n\x0b\f\r ]/.test(subject)) return 0;
    if (subject.length < 10) return 0;
    subject = subject.replace(/[^a-zA-Z]/g, '');
    if (CLTFAC.test(get(ctx, 'Subject:raw'))) return 0;
    return subject.length > 0 && subject === uc(subject) ? 1 : 0;
  },

  /** LOCALPART_IN_SUBJECT ('user') / the whole To address in the Subject ('address'). */
  check_for_to_in_subject: (ctx: EvalContext, test = '') => {
    const fullTo = get(ctx, 'To:addr');
    if (fullTo === '') return 0;
    const subject = get(ctx, 'Subject');
    // Every branch below needs the address (or its local part) in the Subject, ASCII case
    // ignored: when it is not there, no pattern is built (a new RegExp per message was most
    // of this eval's time).
    const lowerSubject = lc(subject);
    if (test === 'address') {
      if (!lowerSubject.includes(lc(fullTo))) return 0;
      return new RegExp(`\\b${caseless(fullTo)}\\b`).test(subject) ? 1 : 0;
    }
    if (test === 'user') {
      const to = fullTo.replace(/@[^\n]*/, '');
      if (!lowerSubject.includes(lc(to))) return 0;
      const ci = caseless(to);
      const re = new RegExp(
        `^(?:(?:[rR][eE]|[fF][wW]):${S}*(?:\\w+${S}+)?${ci}${EOS}` +
          `|${quotemeta(to)}${S}*[,:;!?-](?:${EOS}|${S})` +
          `|${ci}${EOS}` +
          `|,${S}*${ci}[,:;!?-]${EOS})`,
      );
      return re.test(subject) ? 1 : 0;
    }
    return 0;
  },

  /** HEADER_COUNT_*: distinct values of a header number within [min, max]. */
  check_header_count_range: (ctx: EvalContext, hdr = '', min = '', max = '') => {
    const n = new Set(decodedValues(ctx.model.headers, hdr)).size;
    return n >= perlNum(min) && n <= perlNum(max) ? 1 : 0;
  },

  /** UNRESOLVED_TEMPLATE: a `%VAR` left in a header other than the usual free-text ones. */
  check_unresolved_template: (ctx: EvalContext) => {
    for (const header of get(ctx, 'ALL').split('\n')) {
      if (/%[A-Z][A-Z_-]/.test(header) && !TEMPLATE_EXEMPT.test(header)) return 1;
    }
    return 0;
  },

  /** __RATWARE_NAME_ID: an all-caps Message-ID whose right side is the From address. */
  check_ratware_name_id: (ctx: EvalContext) => {
    const mid = /<[A-Z]{28}\.([^>]+?)>/.exec(get(ctx, 'MESSAGEID'));
    if (!mid) return 0;
    return new RegExp(`"[^"]+"${S}*<${quotemeta(mid[1]!)}>`).test(get(ctx, 'From')) ? 1 : 0;
  },

  /** RATWARE_EFROM: the envelope sender is `todomain.touser@…`. */
  check_ratware_envelope_from: (ctx: EvalContext) => {
    const to = get(ctx, 'To:addr');
    const from = get(ctx, 'EnvelopeFrom:addr');
    if (from === '' || to === '') return 0;
    if (/^SRS\d[=+-]/i.test(from)) return 0;
    const m = /^([^@]+)@([^\n]+)(?=\n?$)/.exec(to);
    if (m) {
      const b = ctx.tlds;
      const dom = trimDomain(b, m[2]!);
      if (!isDomainValid(b, dom)) return 0;
      // The pattern needs the domain and the local part in the sender, ASCII case ignored: a
      // pattern is built only when both are there (not on most messages).
      const lowerFrom = lc(from);
      if (!lowerFrom.includes(lc(dom)) || !lowerFrom.includes(lc(m[1]!))) return 0;
      if (new RegExp(`\\b${caseless(dom)}[^\\n]${caseless(m[1]!)}@`).test(from)) return 1;
    }
    return 0;
  },

  /** HEADER_FROM_DIFFERENT_DOMAINS: From and EnvelopeFrom differ in their last two labels. */
  check_equal_from_domains: (ctx: EvalContext) => {
    const fromDomain = secondLevel(get(ctx, 'From:addr'));
    if (fromDomain === '') return 0;
    const envDomain = secondLevel(get(ctx, 'EnvelopeFrom:addr'));
    if (envDomain === '') return 0;
    return lc(fromDomain) !== lc(envDomain) ? 1 : 0;
  },
};
