/**
 * `welcomelist_from_spf` / `def_welcomelist_from_spf` (and their `whitelist` spellings), as the
 * SPF plugin's `_check_spf_welcomelist` reads them together with `welcomelist_auth` /
 * `def_welcomelist_auth`: the envelope sender must be listed *and* pass SPF.
 */
import type { EvalContext } from '../../types.js';
import { ruleSetOf } from '../internal.js';
import { lc, splitWs } from '../../../perl/strings.js';
import { perRuleSet } from '../memo.js';
import { confLists, globPattern, inAddrList, type AddrList } from '../wlbl-eval/lists.js';

/** The two SPF address lists, rebuilt from the directive lines in configuration order. */
export interface SpfLists {
  readonly welcome: AddrList;
  readonly defWelcome: AddrList;
}

function build(ctx: EvalContext): SpfLists {
  const welcome: AddrList = new Map();
  const defWelcome: AddrList = new Map();
  for (const d of ruleSetOf(ctx).directives) {
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
  return { welcome, defWelcome };
}

/** The rule set's SPF lists (built once). */
export const spfLists = (ctx: EvalContext): SpfLists => perRuleSet(ctx, 'spf:lists', () => build(ctx));

/**
 * SA's `_wlcheck` over the list pair of one kind: `user` reads `welcomelist_from_spf` then
 * `welcomelist_auth`, `def` reads the `def_` pair.
 */
export function senderListed(ctx: EvalContext, sender: string, kind: 'user' | 'def'): boolean {
  const lists = spfLists(ctx);
  const auth = confLists(ctx).addr.get(kind === 'user' ? 'welcomelist_auth' : 'def_welcomelist_auth');
  return inAddrList(kind === 'user' ? lists.welcome : lists.defWelcome, sender) || inAddrList(auth, sender);
}
