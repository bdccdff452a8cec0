/**
 * An eval context of one message with network tests on, built the way check() builds it:
 * for exercising a DNS plugin's scan hook directly (its lookups, tags and outcomes).
 */
import type { RuleSet } from '../../../src/rule-set.js';
import type { Diagnostic } from '../../../src/config/diagnostics.js';
import { evalContext } from '../../../src/check/run-eval.js';
import { buildViews } from '../../../src/message/views.js';
import { createScanNet } from '../../../src/net/scan-net.js';
import type { DnsResolver } from '../../../src/net/types.js';
import type { EvalContext } from '../../../src/plugins/types.js';

/** The context, the tags set through it, and a close() for the scan's network side. */
export function scanContext(
  ruleSet: RuleSet,
  message: string,
  resolver: DnsResolver,
  rule = '',
  plugin = 'Mail::SpamAssassin::Plugin::URIDNSBL',
): { ctx: EvalContext<any>; tags: Map<string, string>; diagnostics: Diagnostic[]; close(): void } {
  const diagnostics: Diagnostic[] = [];
  const views = buildViews(message, ruleSet.messageConfig, diagnostics);
  const net = createScanNet(ruleSet.netState, { clients: { resolver } }, diagnostics);
  const tags = new Map<string, string>();
  // the hooks of the plugin named (URIDNSBL by default) read its compiled settings
  const p = ruleSet.plugins.find((x) => x.name === plugin);
  const scan = { net: net.context, signal: net.context.signal, setTag: (n: string, v: string) => void tags.set(n, v), testLog: () => undefined, memo: new Map<string, unknown>() };
  const ctx = evalContext(ruleSet, views, scan, rule, undefined, p);
  return { ctx, tags, diagnostics, close: () => net.close() };
}
