/**
 * The network clients a scan uses when the caller injects none: built once per rule set from
 * its settings (DCC's dccifd socket, an HTTP client for DecodeShortURLs). The DNS resolver's
 * default is made in scan-net.ts. Pyzor and Razor have no default client.
 */
import type { RuleSet } from '../compile/rule-set.js';
import type { NetClients } from './types.js';

const made = new WeakMap<RuleSet, NetClients>();

/** The default clients of a rule set. */
export function defaultClients(ruleSet: RuleSet): NetClients {
  let c = made.get(ruleSet);
  if (!c) made.set(ruleSet, (c = {}));
  return c;
}
