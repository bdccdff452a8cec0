/**
 * The default DCC client of a rule set: dccifd where DCC.pm would look for it, with its timeout
 * and options.
 */
import type { DccClient } from '../types.js';
import { dccifdAddress } from './dccifd-address.js';
import { createDccifdClient } from './dccifd-client.js';
import { DCCIFD_OPTIONS_RE } from './dccifd-protocol.js';

/** `dcc_timeout`'s default, in seconds. */
const DEFAULT_DCC_TIMEOUT = 5;

/**
 * Builds the DCC client a scan uses when the caller injects none, from the rule set's
 * settings: `dcc_dccifd_path` (a Unix socket path, or `host:port` / `[host]:port` for TCP),
 * else `<dcc_home>/dccifd` (`dcc_home` defaults to `/var/dcc`; SA would first ask `cdcc` for its
 * home directory, which is not done here); `dcc_timeout` (seconds, default 5; at least one
 * second, the floor SA's final wait in `check_cleanup` applies); `dccifd_options` (ignored
 * when it holds characters SA refuses).
 *
 * No connection is made here: each `check()` connects, so a dccifd started later is found.
 */
export function createDccClient(settings: ReadonlyMap<string, unknown>): DccClient {
  const t = settings.get('dcc_timeout');
  const seconds = typeof t === 'number' && Number.isFinite(t) ? t : DEFAULT_DCC_TIMEOUT;
  const opts = settings.get('dccifd_options');
  return createDccifdClient({
    address: dccifdAddress(settings),
    timeoutMs: Math.max(1, seconds) * 1000,
    extraOptions: typeof opts === 'string' && DCCIFD_OPTIONS_RE.test(opts) ? opts : '',
  });
}
