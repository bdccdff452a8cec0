/**
 * What every HashBL eval does first (the common head of SA's `check_hashbl_*`): nothing
 * without network tests or a list argument, the optional answer pattern compiled (a pattern
 * Perl refuses makes the rule miss), the options parsed with the eval's defaults; and last,
 * the rule's outcome from the queries it sent.
 */
import { LookupGroup } from '../uridnsbl/lookup-group.js';
import type { HashBlConfig } from './config.js';
import { parseOptions } from './options.js';
import { perlRegExp } from '../perl-regexp.js';
import { perlTrue } from '../../../perl/truth.js';
import type { QueryRun } from './query.js';
import type { HashBlContext } from './config.js';

/** A started rule run, or undefined when the eval answers a miss at once. */
export function startRun(
  ctx: HashBlContext,
  list: string | undefined,
  opts: string | undefined,
  defaultOpts: string,
  subtest: string | undefined,
): { run: QueryRun; config: HashBlConfig } | undefined {
  const net = ctx.net;
  if (!net || list === undefined) return undefined;
  let re: RegExp | undefined;
  if (perlTrue(subtest)) {
    const compiled = perlRegExp(subtest);
    if (!compiled) return undefined;
    re = compiled;
  }
  const config = ctx.settings;
  const group = new LookupGroup((err) => net.diagnostic('internal', `hashbl: ${err instanceof Error ? err.message : String(err)}`));
  return {
    config,
    run: { net, rule: ctx.rule, list, opts: parseOptions(perlTrue(opts) ? opts : defaultOpts), subtest: re, ignore: config.ignore, group, log: (message) => ctx.testLog(message, ctx.rule, 'latin1') },
  };
}

/**
 * The eval's answer once its queries are sent: a miss when none went out (SA returns 0), else
 * the promise of a hit (SA's async undef, settled by `got_hit` or the end of the lookups).
 */
export function finishRun(run: QueryRun, sent: number): false | Promise<boolean> {
  run.group.close();
  return sent === 0 ? false : run.group.outcome(run.rule);
}
