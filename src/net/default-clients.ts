/**
 * The network clients a scan uses when the caller injects none, built once per rule set from
 * its settings: a dccifd client (`dcc_dccifd_path`, `dcc_home`, `dcc_timeout`) and an HTTP
 * client on Node's fetch for DecodeShortURLs. The DNS resolver's default is made in
 * scan-net.ts. Pyzor and Razor have no default: their wire protocols are left to the host.
 */
import type { RuleSet } from '../compile/rule-set.js';
import { createDccClient } from './dcc/index.js';
import { createHttpClient } from './http-client.js';
import type { NetClients } from './types.js';

const made = new WeakMap<RuleSet, NetClients>();

/** The default clients of a rule set. */
export function defaultClients(ruleSet: RuleSet): NetClients {
  let c = made.get(ruleSet);
  if (!c) made.set(ruleSet, (c = { dcc: createDccClient(ruleSet.settings), http: createHttpClient() }));
  return c;
}
