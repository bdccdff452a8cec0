/**
 * The per-scan hooks of the built-in plugins, by plugin short name: SA's `check_dnsbl` (start
 * network lookups early) and `check_post_dnsbl`/`check_cleanup` (set tags from late answers).
 */
import type { EvalContext, PluginDefinition } from '../types.js';
import { URIDNSBL_HOOKS } from './uridnsbl/index.js';
import { DCC_HOOKS } from './dcc/index.js';
import { DECODE_SHORT_URLS_HOOKS } from './decode-short-urls/index.js';
import { DNS_EVAL_HOOKS } from './dns-eval/index.js';
import { ASKDNS_HOOKS } from './askdns/index.js';

/** One plugin's per-scan hooks. */
export interface ScanHooks {
  checkDnsbl?: PluginDefinition['checkDnsbl'];
  hookArea?: string;
  checkEnd?(ctx: EvalContext): void;
}

/** Hooks by plugin short name (`URIDNSBL`, …). */
export const BUILTIN_SCAN_HOOKS: Readonly<Record<string, ScanHooks>> = {
  DCC: DCC_HOOKS,
  DecodeShortURLs: DECODE_SHORT_URLS_HOOKS,
  URIDNSBL: URIDNSBL_HOOKS,
  DNSEval: DNS_EVAL_HOOKS,
  AskDNS: ASKDNS_HOOKS,
};
