/**
 * Charset-name resolution the way Perl's `Encode::find_encoding` resolves a MIME charset
 * label (`Encode::getEncoding` + `Encode::Alias::find_alias`).
 *
 * Which label Perl accepts matters to SA: `Message::Node::_normalize` only decodes with the
 * declared charset when `find_encoding` knows it (`gb18030`, `unknown-8bit`, `win-1252`,
 * `l1` are unknown to Perl and fall through to the Windows-1252 guesses). The alias rules
 * below are Encode::Alias's, listed newest first (Perl's precedence), and the result is the
 * canonical Perl encoding name.
 */

/** Every encoding Perl's Encode 3.x (core) provides, by canonical name (`Encode->encodings(":all")`). */
const PERL_ENCODINGS = [
  '7bit-jis', 'AdobeStandardEncoding', 'AdobeSymbol', 'AdobeZdingbat', 'ascii', 'ascii-ctrl',
  'big5-eten', 'big5-hkscs', 'cp1006', 'cp1026', 'cp1047', 'cp1250', 'cp1251', 'cp1252',
  'cp1253', 'cp1254', 'cp1255', 'cp1256', 'cp1257', 'cp1258', 'cp37', 'cp424', 'cp437',
  'cp500', 'cp737', 'cp775', 'cp850', 'cp852', 'cp855', 'cp856', 'cp857', 'cp858', 'cp860',
  'cp861', 'cp862', 'cp863', 'cp864', 'cp865', 'cp866', 'cp869', 'cp874', 'cp875', 'cp932',
  'cp936', 'cp949', 'cp950', 'dingbats', 'euc-cn', 'euc-jp', 'euc-kr', 'gb12345-raw',
  'gb2312-raw', 'gsm0338', 'hp-roman8', 'hz', 'iso-2022-jp', 'iso-2022-jp-1', 'iso-2022-kr',
  'iso-8859-1', 'iso-8859-10', 'iso-8859-11', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15',
  'iso-8859-16', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6',
  'iso-8859-7', 'iso-8859-8', 'iso-8859-9', 'iso-ir-165', 'jis0201-raw', 'jis0208-raw',
  'jis0212-raw', 'johab', 'koi8-f', 'koi8-r', 'koi8-u', 'ksc5601-raw', 'MacArabic',
  'MacCentralEurRoman', 'MacChineseSimp', 'MacChineseTrad', 'MacCroatian', 'MacCyrillic',
  'MacDingbats', 'MacFarsi', 'MacGreek', 'MacHebrew', 'MacIcelandic', 'MacJapanese',
  'MacKorean', 'MacRoman', 'MacRomanian', 'MacRumanian', 'MacSami', 'MacSymbol', 'MacThai',
  'MacTurkish', 'MacUkrainian', 'MIME-B', 'MIME-Header', 'MIME-Header-ISO_2022_JP', 'MIME-Q',
  'nextstep', 'null', 'posix-bc', 'shiftjis', 'symbol', 'UCS-2BE', 'UCS-2LE', 'UTF-16',
  'UTF-16BE', 'UTF-16LE', 'UTF-32', 'UTF-32BE', 'UTF-32LE', 'UTF-7', 'utf-8-strict', 'utf8',
  'viscii',
];

const EXACT = new Set(PERL_ENCODINGS);
const BY_LOWER = new Map(PERL_ENCODINGS.map((n) => [n.toLowerCase(), n]));

const LATIN2ISO = [0, 1, 2, 3, 4, 9, 10, 13, 14, 15, 16];
const WINLATIN2CP: Record<string, number> = {
  latin1: 1252, latin2: 1250, cyrillic: 1251, greek: 1253, turkish: 1254,
  hebrew: 1255, arabic: 1256, baltic: 1257, vietnamese: 1258,
};

type Rule = [RegExp | string, (m: RegExpExecArray) => string | undefined];
const c = (s: string) => () => s;

/** Encode::Alias::init_aliases, newest definition first (the order find_alias tries them). */
const RULES: Rule[] = [
  [/^([^\s_]+)[\s_]+([^\s_]*)$/i, (m) => `${m[1]}-${m[2]}`],
  [/\bUTF-8$/i, c('utf-8-strict')],
  [/cp65001/i, c('utf-8-strict')],
  [/cp65000/i, c('UTF-7')],
  [/\bhk(?:scs)?[-_]?big5$/i, c('big5-hkscs')],
  [/\bbig5-?hk(?:scs)?$/i, c('big5-hkscs')],
  [/\btca[-_]?big5$/i, c('big5-eten')],
  [/\bbig5-?et(?:en)?$/i, c('big5-eten')],
  [/\bbig-?5$/i, c('big5-eten')],
  [/\bks_c_5601-1987$/i, c('cp949')],
  [/(?:x-)?windows-949$/i, c('cp949')],
  [/(?:x-)?uhc$/i, c('cp949')],
  [/\bkr.*euc$/i, c('euc-kr')],
  [/\beuc.*kr$/i, c('euc-kr')],
  [/\bwindows-31j$/i, c('cp932')],
  [/\bsjis$/i, c('shiftjis')],
  [/\bshift.*jis$/i, c('shiftjis')],
  [/\bujis$/i, c('euc-jp')],
  [/\bjp.*euc$/i, c('euc-jp')],
  [/\beuc.*jp$/i, c('euc-jp')],
  [/\bjis$/i, c('7bit-jis')],
  [/\bGB[-_ ]?2312(?!-?raw)/i, c('euc-cn')],
  [/^gbk$/i, c('cp936')],
  [/\bcn.*euc$/i, c('euc-cn')],
  [/\beuc.*cn$/i, c('euc-cn')],
  [/\bkoi8[\s\-_]*([ru])$/i, (m) => `koi8-${m[1]}`],
  [/^macce$/i, c('MacCentralEurRoman')],
  [/^macintosh$/i, c('MacRoman')],
  [/^(?:x[_-])?mac[_-](.*)$/i, (m) => `mac${m[1]}`],
  [/\b(?:cp|ibm|ms|windows)[-_ ]?(\d{2,4})$/i, (m) => `cp${m[1]}`],
  [/\btis-?620\b/i, c('iso-8859-11')],
  ['thai', c('iso-8859-11')],
  ['hebrew', c('iso-8859-8')],
  ['greek', c('iso-8859-7')],
  ['arabic', c('iso-8859-6')],
  ['cyrillic', c('iso-8859-5')],
  ['ascii', c('US-ascii')],
  [
    /\bwin(latin[12]|cyrillic|baltic|greek|turkish|hebrew|arabic|baltic|vietnamese)$/i,
    (m) => `cp${WINLATIN2CP[m[1]!.toLowerCase()]}`,
  ],
  [
    /\b(?:iso[-_]?)?latin[-_]?(\d+)$/i,
    (m) => {
      const n = LATIN2ISO[Number(m[1])];
      return n !== undefined ? `iso-8859-${n}` : undefined;
    },
  ],
  [/^(.+)@euro$/i, (m) => m[1]!],
  [/\bANSI[-_]?X3\.4[-_]?1968$/i, c('ascii')],
  [/\b(?:hp-)?(arabic|greek|hebrew|kana|roman|thai|turkish)8$/i, (m) => `${m[1]}8`],
  [/\biso8859(\d+)$/i, (m) => `iso-8859-${m[1]}`],
  [/\biso[-_]?(\d+)[-_](\d+)$/i, (m) => `iso-${m[1]}-${m[2]}`],
  [/\b(?:ISO[-_]?)?646(?:[-_]?US)?$/i, c('ascii')],
  ['C', c('ascii')],
  [/^(?:US-?)ascii$/i, c('ascii')],
  [/^UTF-?(16|32)$/i, (m) => `UTF-${m[1]}`],
  [/^UTF-?(16|32)-?LE$/i, (m) => `UTF-${m[1]}LE`],
  [/^UTF-?(16|32)-?BE$/i, (m) => `UTF-${m[1]}BE`],
  [/^iso-10646-1$/i, c('UCS-2BE')],
  [/^UCS-?4-?(BE|LE|)?$/i, (m) => `UTF-32${m[1] ?? ''}`.toUpperCase()],
  [/^UCS-?2-?(BE)?$/i, c('UCS-2BE')],
  [/^UCS-?2-?LE$/i, c('UCS-2LE')],
  [/^(unicode-1-1-)?UTF-?7$/i, c('UTF-7')],
  [/^(.*)$/, (m) => m[1]!.toLowerCase()],
];

const aliasCache = new Map<string, string | null>();

function findAlias(find: string): string | undefined {
  const cached = aliasCache.get(find);
  if (cached !== undefined) return cached ?? undefined;
  aliasCache.set(find, null); // recursion guard, as Perl's `$Alias{$find} = undef`
  let found: string | undefined;
  for (const [alias, val] of RULES) {
    let next: string | undefined;
    if (typeof alias === 'string') {
      if (find.toLowerCase() === alias.toLowerCase()) next = val([] as unknown as RegExpExecArray);
    } else {
      const m = alias.exec(find);
      if (m) next = val(m);
    }
    if (next === undefined || next === find) continue;
    const enc = getEncoding(next);
    if (enc) {
      found = enc;
      break;
    }
  }
  if (!found) found = BY_LOWER.get(find.toLowerCase());
  aliasCache.set(find, found ?? null);
  return found;
}

function getEncoding(label: string): string | undefined {
  const name = label.replace(/\s+/g, '');
  if (EXACT.has(name)) return name;
  const lc = name.toLowerCase();
  if (EXACT.has(lc)) return lc;
  return findAlias(name) ?? (lc !== name ? findAlias(lc) : undefined);
}

/**
 * The canonical Perl Encode name for a charset label, or undefined when Perl's
 * `Encode::find_encoding` would return nothing.
 */
export function perlEncodingName(label: string): string | undefined {
  if (label === '') return undefined;
  return getEncoding(label);
}
