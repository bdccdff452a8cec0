/**
 * `welcomelist_from_spf` / `def_welcomelist_from_spf` (and their `whitelist` spellings), as the
 * SPF plugin's `_check_spf_welcomelist` reads them together with `welcomelist_auth` /
 * `def_welcomelist_auth`: the envelope sender must be listed *and* pass SPF.
 */
import type { PluginSettingsApi } from '../../types.js';
import { lc, splitWs } from '../../../perl/strings.js';
import { globPattern, inAddrList, withAuthLists, type AddrList, type WelcomelistPair } from '../wlbl-eval/lists.js';

/** The two SPF address lists, rebuilt from the directive lines in configuration order, and the auth lists. */
export type SpfLists = WelcomelistPair<AddrList>;

/** The SPF lists of a rule set: SPF's settings (and part of DMARC's, which asks too). */
export function spfLists(api: PluginSettingsApi): SpfLists {
  return api.memo('spf:lists', () => buildSpfLists(api));
}

function buildSpfLists(api: PluginSettingsApi): SpfLists {
  const welcome: AddrList = new Map();
  const defWelcome: AddrList = new Map();
  for (const d of api.lines('welcomelist_from_spf', 'def_welcomelist_from_spf', 'unwelcomelist_from_spf')) {
    // directive names arrive canonical: the `whitelist` spellings are aliases
    const target = d.name === 'welcomelist_from_spf' ? welcome : d.name === 'def_welcomelist_from_spf' ? defWelcome : undefined;
    if (target) {
      for (const a of splitWs(d.value)) if (a !== '') target.set(lc(a), globPattern(lc(a)));
    } else if (d.name === 'unwelcomelist_from_spf') {
      for (const a of splitWs(d.value)) {
        welcome.delete(lc(a));
        defWelcome.delete(lc(a));
      }
    }
  }
  return withAuthLists(api, welcome, defWelcome);
}

/**
 * SA's `_wlcheck` over the list pair of one kind: `user` reads `welcomelist_from_spf` then
 * `welcomelist_auth`, `def` reads the `def_` pair.
 */
export function senderListed(lists: SpfLists, sender: string, kind: 'user' | 'def'): boolean {
  const auth = lists.auth.get(kind === 'user' ? 'welcomelist_auth' : 'def_welcomelist_auth');
  return inAddrList(kind === 'user' ? lists.welcome : lists.defWelcome, sender) || inAddrList(auth, sender);
}
