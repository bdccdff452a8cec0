/**
 * `bayes_ignore_from` / `bayes_ignore_to` (`Bayes.pm::ignore_message`, `Plugin/Bayes.pm:466-483`):
 * Bayes neither scores nor autolearns a message from or to a listed address. SA asks WLBLEval
 * (`call_plugins("check_wb_list")` → `check_from_in_list` / `check_to_in_list`), so:
 * - the lists are address lists like `welcomelist_from` (globs, lower-cased; `*` and `?`);
 * - the addresses are `all_from_addrs` / `all_to_addrs`, as for the welcome lists;
 * - without the WLBLEval plugin loaded nothing is ignored.
 *
 * Where SA applies it: every scan (`use_ignores` is 1 in the scanning processes), autolearn,
 * and explicit learning only when asked (`sa-learn --use-ignores`; `spamscore learn --use-ignores`).
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, splitWs } from '../../../perl/strings.js';
import { globPattern, inAddrList, type AddrList } from '../wlbl-eval/lists.js';
import { allFromAddrs, allToAddrs } from '../wlbl-eval/addresses.js';

const WLBL_EVAL = 'Mail::SpamAssassin::Plugin::WLBLEval';

/** The `bayes_ignore_from` / `bayes_ignore_to` address lists (part of the Bayes plugin's settings). */
export interface IgnoreLists {
  readonly from: AddrList;
  readonly to: AddrList;
}

/** The two lists, as `add_to_addrlist` fills them (`$CONF_TYPE_ADDRLIST`); undefined without WLBLEval or entries. */
export function ignoreLists(api: PluginSettingsApi): IgnoreLists | undefined {
  if (!api.isLoaded(WLBL_EVAL)) return undefined;
  const from: AddrList = new Map();
  const to: AddrList = new Map();
  for (const d of api.lines('bayes_ignore_from', 'bayes_ignore_to')) {
    const list = d.name === 'bayes_ignore_from' ? from : to;
    for (const a of splitWs(d.value)) list.set(lc(a), globPattern(lc(a)));
  }
  return from.size || to.size ? { from, to } : undefined;
}

/** `ignore_message`: a sender is in `bayes_ignore_from` or a recipient in `bayes_ignore_to`. */
export function bayesIgnored(ctx: EvalContext, l: IgnoreLists | undefined): boolean {
  if (!l) return false;
  return allFromAddrs(ctx).some((a) => inAddrList(l.from, a)) || allToAddrs(ctx).some((a) => inAddrList(l.to, a));
}
