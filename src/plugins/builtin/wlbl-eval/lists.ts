/**
 * The address and host lists WLBLEval (and VBounce, FreeMail) consult, rebuilt from the rule
 * set's directive lines in configuration order, as `Conf::Parser::add_to_addrlist` and friends
 * fill `$conf->{…}`:
 *
 * - address lists (`welcomelist_from`, `blocklist_to`, `enlist_addrlist (NAME) …` …): each entry
 *   is the lower-cased glob and its anchored pattern (`*` any string, `?` one char);
 *   `un…` directives delete by exact lower-cased text;
 * - `(def_)welcomelist_from_rcvd`: a glob plus the relay names/IPs it must come through;
 * - URI host lists (`enlist_uri_host (NAME) …`, `delist_uri_host`, `blocklist_uri_host`,
 *   `welcomelist_uri_host`): host → true, or false for a `!host` exception.
 */
import type { DirectiveLine, EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, splitWs } from '../../../perl/strings.js';

/** An address list: lower-cased glob → its pattern. */
export type AddrList = Map<string, RegExp>;

/** A `welcomelist_from_rcvd`-style entry. */
export interface RcvdEntry {
  readonly re: RegExp;
  readonly domains: string[];
}

/** Everything the list evals read from the configuration. */
export interface ConfLists {
  /** Address lists by setting or enlisted name. */
  readonly addr: Map<string, AddrList>;
  /** `welcomelist_from_rcvd` and `def_welcomelist_from_rcvd`. */
  readonly rcvd: Map<string, Map<string, RcvdEntry>>;
  /** URI host lists by name. */
  readonly uriHosts: Map<string, Map<string, boolean>>;
}

/** `add_to_addrlist`'s paranoia: NUL, `\\` and `(` in a glob become `_`. */
function paranoid(glob: string): string {
  return glob.replace(/[\0\\(]/g, '_');
}

/**
 * SA's glob → pattern conversion (`add_to_addrlist`): NUL, `\\` and `(` become `_`, `*` any
 * string, `?` one character, the rest literal; anchored with Perl's `^…$`.
 */
export function globPattern(glob: string, anchored = true, paranoia = true): RegExp {
  let src = '';
  const s = paranoia ? paranoid(glob) : glob;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '*') {
      while (s[i + 1] === '*') i++;
      src += '[^\\n]*';
    } else if (c === '?') src += '[^\\n]';
    else if (/[A-Za-z0-9_]/.test(c)) src += c;
    else src += c.replace(/[\\^$.*+?()[\]{}|/-]/, '\\$&');
  }
  return new RegExp(anchored ? `^${src}(?=\\n?$)` : src);
}

/** The literal end of each glob seen (configured globs: a bounded set). */
const globTails = new Map<string, string>();

/**
 * What every address a {@link globPattern} of `glob` matches ends with (before one optional
 * "\n"): the glob's chars after its last `*` or `?`, with the same replacements.
 */
function globTail(glob: string): string {
  let tail = globTails.get(glob);
  if (tail === undefined) {
    const s = paranoid(glob);
    tail = s.slice(Math.max(s.lastIndexOf('*'), s.lastIndexOf('?')) + 1);
    globTails.set(glob, tail);
  }
  return tail;
}

/**
 * `_check_welcomelist`: the lower-cased address is an entry, or matches one's pattern. Every
 * list maps a lower-cased glob to its {@link globPattern}: an entry whose literal end the
 * address lacks is passed over without running its pattern (most entries, most addresses).
 */
export function inAddrList(list: AddrList | undefined, addr: string): boolean {
  if (!list || list.size === 0) return false;
  const a = lc(addr);
  if (list.has(a)) return true;
  const bare = a.endsWith('\n') ? a.slice(0, -1) : a;
  for (const glob of list.keys()) if (bare.endsWith(globTail(glob)) && list.get(glob)!.test(a)) return true;
  return false;
}

/** Address-list settings SA fills with its default ADDRLIST handler. */
const PLAIN_ADDRLISTS = new Set([
  'welcomelist_from',
  'blocklist_from',
  'welcomelist_to',
  'more_spam_to',
  'all_spam_to',
  'blocklist_to',
  'welcomelist_auth',
  'def_welcomelist_auth',
  'welcomelist_allows_relays',
  'welcomelist_bounce_relays',
]);

const ENLIST = /^\(([\s\S]+?)\)[\t\n\x0b\f\r ]+([\s\S]+)$/;
const DELIST = /^(?:\(([\s\S]+?)\)[\t\n\x0b\f\r ]+)?([\s\S]+)$/;

/** Every directive the lists are built from (canonical names). */
const LIST_DIRECTIVES = [
  ...PLAIN_ADDRLISTS,
  'unwelcomelist_from',
  'unblocklist_from',
  'unwelcomelist_auth',
  'enlist_addrlist',
  'welcomelist_from_rcvd',
  'def_welcomelist_from_rcvd',
  'unwelcomelist_from_rcvd',
  'enlist_uri_host',
  'delist_uri_host',
  'blocklist_uri_host',
  'welcomelist_uri_host',
];

/**
 * The lists, replayed from their lines in configuration order: WLBLEval's settings hook, and
 * what FreeMail and DKIM read of `(def_)welcomelist_auth` (SA's `$conf` holds them whichever
 * plugin is loaded).
 */
export function confLists(api: PluginSettingsApi): ConfLists {
  // One object per rule set, shared: WLBLEval, VBounce, FreeMail, SPF, DKIM and DMARC all read
  // it. The lines are picked out now; the lists (hundreds of glob patterns with the stock
  // 60_welcomelist_auth.cf) are built on first use, once.
  return api.memo('wlbl:lists', () => {
    const lines = api.lines(...LIST_DIRECTIVES);
    let built: ConfLists | undefined;
    const lists = () => (built ??= buildConfLists(lines));
    return {
      get addr() {
        return lists().addr;
      },
      get rcvd() {
        return lists().rcvd;
      },
      get uriHosts() {
        return lists().uriHosts;
      },
    };
  });
}

/**
 * A plugin's own welcomelist pair (`welcomelist_from_dkim`/`def_…`, `welcomelist_from_spf`/`def_…`)
 * with the `(def_)welcomelist_auth` lists SA reads beside it (`_check_dkim_welcomelist`,
 * `_check_spf_welcomelist`).
 */
export interface WelcomelistPair<L> {
  readonly welcome: L;
  readonly defWelcome: L;
  /** The address lists of `welcomelist_auth` / `def_welcomelist_auth` ({@link confLists}), built on first read. */
  readonly auth: ReadonlyMap<string, AddrList>;
}

/** `welcome` and `defWelcome` beside the rule set's `(def_)welcomelist_auth` lists. */
export function withAuthLists<L>(api: PluginSettingsApi, welcome: L, defWelcome: L): WelcomelistPair<L> {
  const wlbl = confLists(api);
  return {
    welcome,
    defWelcome,
    get auth() {
      return wlbl.addr;
    },
  };
}

function buildConfLists(lines: readonly DirectiveLine[]): ConfLists {
  const addr = new Map<string, AddrList>();
  const rcvd = new Map<string, Map<string, RcvdEntry>>([
    ['welcomelist_from_rcvd', new Map()],
    ['def_welcomelist_from_rcvd', new Map()],
  ]);
  const uriHosts = new Map<string, Map<string, boolean>>();
  const list = (name: string) => {
    let l = addr.get(name);
    if (!l) addr.set(name, (l = new Map()));
    return l;
  };
  const add = (name: string, addrs: string[]) => {
    const l = list(name);
    for (const a of addrs) {
      const key = lc(a);
      l.set(key, globPattern(key));
    }
  };
  const remove = (name: string, addrs: string[]) => {
    const l = addr.get(name);
    if (l) for (const a of addrs) l.delete(lc(a));
  };
  const hosts = (name: string) => {
    let h = uriHosts.get(name);
    if (!h) uriHosts.set(name, (h = new Map()));
    return h;
  };
  const enlistHosts = (name: string, text: string) => {
    const h = hosts(name);
    for (const host of splitWs(lc(text))) h.set(host.replace(/^!/, ''), !host.startsWith('!'));
  };

  for (const d of lines) {
    const v = d.value;
    if (PLAIN_ADDRLISTS.has(d.name)) {
      if (v !== '') add(d.name, splitWs(v));
      continue;
    }
    switch (d.name) {
      case 'unwelcomelist_from':
        if (v !== '') remove('welcomelist_from', splitWs(v));
        break;
      case 'unblocklist_from':
        if (v !== '') remove('blocklist_from', splitWs(v));
        break;
      case 'unwelcomelist_auth':
        if (v !== '') for (const n of ['welcomelist_auth', 'def_welcomelist_auth']) remove(n, splitWs(v));
        break;
      case 'enlist_addrlist': {
        const m = ENLIST.exec(v);
        if (m) add(m[1]!, splitWs(m[2]!));
        break;
      }
      case 'welcomelist_from_rcvd':
      case 'def_welcomelist_from_rcvd': {
        const m = /^([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)(?=\n?$)/.exec(v);
        if (!m) break;
        const l = rcvd.get(d.name)!;
        const key = lc(m[1]!);
        const domain = lc(m[2]!);
        const e = l.get(key);
        if (e) e.domains.push(domain);
        else l.set(key, { re: globPattern(key), domains: [domain] });
        break;
      }
      case 'unwelcomelist_from_rcvd':
        if (v !== '') for (const l of rcvd.values()) for (const a of splitWs(v)) l.delete(lc(a));
        break;
      case 'enlist_uri_host': {
        const m = ENLIST.exec(v);
        if (m) enlistHosts(m[1]!, m[2]!);
        break;
      }
      case 'delist_uri_host': {
        const m = DELIST.exec(v);
        if (!m) break;
        const names = m[1] !== undefined ? [m[1]] : [...uriHosts.keys()];
        const victims = splitWs(lc(m[2]!)).map((h) => h.replace(/^!/, ''));
        for (const n of names) for (const h of victims) hosts(n).delete(h);
        break;
      }
      case 'blocklist_uri_host':
        enlistHosts('BLOCK', v);
        break;
      case 'welcomelist_uri_host':
        enlistHosts('WELCOME', v);
        break;
    }
  }
  return { addr, rcvd, uriHosts };
}

/** The eval context of WLBLEval's evals: its lists typed. */
export type WlblContext = EvalContext<ConfLists>;
