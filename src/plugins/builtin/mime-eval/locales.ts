/**
 * `Mail::SpamAssassin::Locales::is_charset_ok_for_locales` and `Util::get_my_locales`:
 * whether a charset name is one the user's `ok_locales` expect. Roman and Unicode charsets
 * are always fine; CJK, Cyrillic and Thai ones only for their locales.
 */
import type { EvalContext } from '../../types.js';
import { words, uc } from '../../../perl/strings.js';

/** Charset names (upper case, only A-Z0-9 kept) acceptable per two-letter locale. */
const CHARSETS_FOR_LOCALE: Readonly<Record<string, string>> = (() => {
  const cyrillic = 'KOI8R KOI8U KOI8T ISOIR111 CP1251 GEORGIANPS CP1251 PT154 CP866';
  return {
    ja:
      'EUCJP JISX020119760 JISX020819830 JISX020819900 JISX020819970 JISX021219900 JISX021320001 ' +
      'JISX021320002 SHIFT_JIS SHIFTJIS ISO2022JP SJIS JIS7 JISX0201 JISX0208 JISX0212',
    ko: 'EUCKR KSC56011987',
    ru: cyrillic,
    ka: cyrillic,
    tg: cyrillic,
    be: cyrillic,
    uk: cyrillic,
    bg: cyrillic,
    th: 'TIS620',
    zh: 'GB1988 GB2312 GB231219800 GB18030 GBK BIG5HKSCS BIG5 EUCTW ISO2022CN',
  };
})();

/**
 * The locales list: `ok_locales` split on whitespace. SA also appends the process's
 * `LC_ALL`/`LANGUAGE`/`LC_MESSAGES`/`LANG`; a library has no such ambient locale, so we
 * behave as SA does with none of them set (it only matters when `ok_locales` is not `all`).
 */
export function myLocales(ctx: EvalContext): string[] {
  const v = ctx.config.get('ok_locales');
  const s = typeof v === 'string' ? v : 'all';
  return words(s);
}

/** Whether `ok_locales` contains `all` (SA then skips every charset test). */
export function allLocalesOk(locales: readonly string[]): boolean {
  return locales.includes('all');
}

/** `is_charset_ok_for_locales`. */
export function isCharsetOkForLocales(charset: string, locales: readonly string[]): boolean {
  let cs = uc(charset).replace(/[^A-Z0-9]/g, '');
  cs = cs.replace(/^3D/, '');
  // (`s/:.*$//` cannot change anything once only A-Z0-9 remain.)
  if (cs === 'USASCII' || cs === 'ASCII') return true;
  if (/^(?:ISO8859|ISO10646|UTF|UCS|CP125|WINDOWS)/.test(cs)) return true;
  if (cs === 'IBM852' || /^UNICODE11UTF[78]/.test(cs) || cs === 'XUNKNOWN' || cs === 'ISO') return true;
  for (let locale of locales) {
    if (locale === 'C') locale = 'en';
    locale = locale.replace(/^([a-z][a-z])[^\n]*$/, '$1');
    const ok = Object.hasOwn(CHARSETS_FOR_LOCALE, locale) ? CHARSETS_FOR_LOCALE[locale] : undefined; // `ok_locales __proto__`
    if (ok === undefined) continue;
    if (` ${ok} `.includes(` ${cs} `)) return true;
  }
  return false;
}
