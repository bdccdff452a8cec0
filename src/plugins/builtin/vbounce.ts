/**
 * VBounce: SpamAssassin's `Plugin::VBounce` evals, which rescue bounces of mail that really
 * went out through one of the `welcomelist_bounce_relays` hosts.
 */
import type { EvalContext, PluginSettingsApi } from '../types.js';
import { confLists, inAddrList, type ConfLists } from './wlbl-eval/lists.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

/** VBounce's settings: WLBLEval's lists, for `welcomelist_bounce_relays`. */
type VBounceSettings = ConfLists;

/** VBounce's settings hook: the address lists, read once per rule set (shared with WLBLEval). */
const vbounceSettings = (api: PluginSettingsApi): VBounceSettings => confLists(api);

/** The `welcomelist_bounce_relays` list (undefined when never set). */
const relayList = (ctx: EvalContext<VBounceSettings>) => ctx.settings.addr.get('welcomelist_bounce_relays');

/** `have_any_bounce_relays`: welcomelist_bounce_relays is not empty. */
const haveAnyBounceRelays = (ctx: EvalContext<VBounceSettings>) => ((relayList(ctx)?.size ?? 0) > 0 ? 1 : 0);

const RECEIVED = /^[> ]*Received:/i;

/**
 * `check_welcomelist_bounce_relays`: a quoted `Received:` line in the rendered body, or a
 * (possibly folded) `Received:` header anywhere in the pristine body, names a listed relay.
 */
function checkWelcomelistBounceRelays(ctx: EvalContext<VBounceSettings>): number {
  if (!haveAnyBounceRelays(ctx)) return 0;
  const list = relayList(ctx);
  for (const line of ctx.message.bodyLines()) {
    if (!RECEIVED.test(line)) continue;
    const re = / ([^\t\n\x0b\f\r ]+\.[^\t\n\x0b\f\r ]+) /g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) if (inAddrList(list, m[1]!)) return 1;
  }
  const pristine = ctx.model.raw.pristineBody;
  if (!/Received:/i.test(pristine)) return 0;
  let foundReceived = false;
  let fullhdr = '';
  // `$pristine =~ /^(.*)$/gm`: Perl's /m `^` does not match after a final newline
  const lines = pristine.split('\n');
  if (pristine.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (!foundReceived) {
      if (!RECEIVED.test(line)) continue;
      foundReceived = true;
    }
    if (/^[\t\n\x0b\f\r ]/.test(line)) fullhdr += line;
    else fullhdr = line;
    if (!RECEIVED.test(fullhdr)) continue;
    const re = /[\t\n\x0b\f\r ]([^\t\n\x0b\f\r ]+\.[^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(fullhdr))) if (inAddrList(list, m[1]!)) return 1;
  }
  return 0;
}

/** VBounce's evals by name. */
const VBOUNCE: EvalImpls<VBounceSettings> = {
  have_any_bounce_relays: haveAnyBounceRelays,
  check_welcomelist_bounce_relays: checkWelcomelistBounceRelays,
  check_whitelist_bounce_relays: checkWelcomelistBounceRelays,
};

/** `Mail::SpamAssassin::Plugin::VBounce`: SA's vocabulary (catalog.ts) with the implementations above. */
export const VBOUNCE_PLUGIN = definePlugin({
  ...saVocabulary('VBounce'),
  settings: vbounceSettings,
  evals: saEvals('VBounce', VBOUNCE),
});
