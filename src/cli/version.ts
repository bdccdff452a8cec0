/**
 * `spamscore --version`: the version, and where rules are looked for, in order, with the one
 * that would be used marked — so "which rules am I scoring with?" has a one-command answer —
 * and which watchdog keeps scans to their deadline (the native addon, or node's `vm` timeout
 * where the addon was not built).
 */
import { sliceWatchdog } from '../check/slice-guard.js';
import { resolveRulePaths, ruleSearchOrder } from '../load-rule-set.js';
import { spamscoreVersion } from '../package-info.js';
import { SA_VERSION_DOTTED } from '../update/paths.js';

const LABEL = {
  'spamscore-update': 'spamscore update',
  'sa-update': "SpamAssassin's sa-update",
  'sa-rules': "SpamAssassin's rules",
  bundled: "spamscore's bundled fallback rules",
} as const;

/** The text `spamscore --version` prints. */
export function versionText(): string {
  const order = ruleSearchOrder();
  const { site, source } = resolveRulePaths();
  const lines = [
    `spamscore ${spamscoreVersion()} (SpamAssassin ${SA_VERSION_DOTTED} rules and semantics)`,
    'rules, searched in this order (* = used):',
  ];
  const used = order.find((e) => e.found);
  for (const e of order) {
    lines.push(`  ${e === used ? '*' : ' '} ${e.dir}  (${LABEL[e.source]}${e.found ? '' : ', not found'})`);
  }
  lines.push(`site: ${site.length ? site.join(', ') : '(none)'}`);
  const watchdog = sliceWatchdog();
  lines.push(watchdog.engine === 'native' ? 'deadline watchdog: native' : `deadline watchdog: node's vm timeout (the native one: ${watchdog.why})`);
  if (source === 'bundled') lines.push("note: no SpamAssassin rules found; run 'spamscore update' to install them");
  return lines.join('\n');
}
