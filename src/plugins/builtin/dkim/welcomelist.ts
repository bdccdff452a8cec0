/**
 * The DKIM welcomelists, as SA 4.0.1's `_check_dkim_welcomelist` reads them: `welcomelist_from_dkim`
 * / `def_welcomelist_from_dkim` entries (an author glob and the signing domain that must vouch for
 * it, the author's own domain when none is given) and `welcomelist_auth` / `def_welcomelist_auth`
 * (an author glob whose own domain must sign). An entry counts only when a valid, unexpired,
 * strong-enough signature matches it.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, quotemeta } from '../../../perl/strings.js';
import { globPattern, withAuthLists, type WelcomelistPair } from '../wlbl-eval/lists.js';
import { numSetting } from '../spf/settings.js';
import { sigSelector } from './signature.js';
import { dkimAuthors, type DkimState } from './state.js';

/** One `welcomelist_from_dkim`-style entry: the author pattern and its acceptable signers. */
interface DkimEntry {
  readonly re: RegExp;
  domains: string[];
}

type DkimList = Map<string, DkimEntry>;

/** The lists `_check_dkim_welcomelist` reads, compiled once per rule set. */
export type DkimLists = WelcomelistPair<ReadonlyMap<string, DkimEntry>>;

/**
 * The two `*_from_dkim` lists, rebuilt from the directive lines in configuration order, and
 * the `(def_)welcomelist_auth` lists: part of DKIM's settings (and DMARC's, which asks too).
 */
export function dkimLists(api: PluginSettingsApi): DkimLists {
  return api.memo('dkim:lists', () => buildDkimLists(api));
}

function buildDkimLists(api: PluginSettingsApi): DkimLists {
  const welcome: DkimList = new Map();
  const defWelcome: DkimList = new Map();
  for (const d of api.lines('welcomelist_from_dkim', 'def_welcomelist_from_dkim', 'unwelcomelist_from_dkim')) {
    const m = /^([^\t\n\x0b\f\r ]+)(?:[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+))?(?=\n?$)/.exec(d.value);
    if (!m) continue;
    const addr = lc(m[1]!);
    const sdid = lc(m[2] ?? '');
    if (d.name === 'unwelcomelist_from_dkim') {
      for (const list of [welcome, defWelcome]) {
        const e = list.get(addr);
        if (!e) continue;
        const rest = e.domains.filter((x) => lc(x) !== sdid);
        if (rest.length === 0) list.delete(addr);
        else e.domains = rest;
      }
      continue;
    }
    const list = d.name === 'welcomelist_from_dkim' ? welcome : defWelcome;
    const e = list.get(addr);
    if (e) e.domains.push(sdid);
    else list.set(addr, { re: globPattern(addr), domains: [sdid] });
  }
  return withAuthLists<ReadonlyMap<string, DkimEntry>>(api, welcome, defWelcome);
}

/** A candidate: an author, the signer it accepts (undefined: its own domain) and its list. */
type Tuple = [author: string, sdid: string | undefined, list: string];

/** The candidate tuples for the message's authors, in SA's list order (`_check_dkim_welcomelist`). */
function tuplesFor(lists: DkimLists, authors: readonly string[]): Tuple[] {
  const auth = lists.auth;
  const tuples: Tuple[] = [];
  // The lists hold hundreds of entries (60_welcomelist_auth.cf): lower-case each author once.
  const lower = authors.map((s) => lc(s));
  const acceptable = (list: ReadonlyMap<string, DkimEntry>, name: string) => {
    authors.forEach((author, i) => {
      for (const e of list.values()) if (e.re.test(lower[i]!)) for (const sdid of e.domains) tuples.push([author, sdid, name]);
    });
  };
  const authorSig = (name: string) => {
    const list = auth.get(name);
    if (!list) return;
    authors.forEach((author, i) => {
      for (const re of list.values()) if (re.test(lower[i]!)) tuples.push([author, undefined, name]);
    });
  };
  acceptable(lists.defWelcome, 'def_welcomelist_from_dkim');
  authorSig('def_welcomelist_auth');
  acceptable(lists.welcome, 'welcomelist_from_dkim');
  authorSig('welcomelist_auth');
  return tuples;
}

/** How many welcomelist entries name one of the message's authors (SA verifies only when some do). */
export function dkimWelcomelistTuples(ctx: EvalContext, lists: DkimLists): number {
  return tuplesFor(lists, dkimAuthors(ctx).authors).length;
}

/** Which lists a valid matching signature was found for (`dkim_match_in_*`). */
export function dkimWelcomelistMatches(ctx: EvalContext, lists: DkimLists, state: DkimState): Set<string> {
  const found = new Set<string>();
  if (state.authors.length === 0) return found;
  const tuples = tuplesFor(lists, state.authors);
  if (tuples.length === 0 || !state.valid || !state.ready) return found;

  const minBits = numSetting(ctx, 'dkim_minimum_key_bits', 1024);
  for (const f of state.signatures) {
    const sel = sigSelector(f.sig);
    if (sel === undefined || sel === '') continue;
    const weak = f.valid && minBits > 0 && f.keySize !== undefined && f.keySize < minBits;
    if (!f.valid || weak || f.sdid === undefined) continue;
    const sdid = f.sdid;
    for (const [author, accepted, list] of tuples) {
      const m = /@([^@]+)$/.exec(author);
      const authorDomain = m ? lc(m[1]!) : '';
      let matches: boolean;
      if (accepted === undefined || accepted === '') matches = sdid === authorDomain;
      else {
        let a = accepted;
        const at = /@([^@]*)$/.exec(a);
        if (at) a = at[1]!;
        const sub = /^\*?\./.exec(a);
        if (sub) matches = new RegExp(`\\.${quotemeta(a.slice(sub[0].length))}$`, 'i').test(sdid);
        else matches = sdid === lc(a);
      }
      if (matches) found.add(list);
    }
  }
  return found;
}
