/**
 * `spamscore compile`: compile a rule set once and write it to the compiled-rules cache, like
 * SpamAssassin's `sa-compile`, so that every later load of the same files (`spamscore check`,
 * `spamscore serve`, the scanner pool's workers, `loadRuleSet()`) reads it instead of
 * compiling (see src/rule-cache.ts for where it is kept and when an entry is current).
 * Run it again after the rules change (`spamscore update` followed by `spamscore compile`);
 * a stale entry is never used, only ignored.
 */
import { Command } from 'commander';
import { formatDiagnostic } from '../config/diagnostics.js';
import { localeFromEnv } from '../config/line-reader.js';
import { loadRuleSet } from '../load-rule-set.js';
import { importPluginModules } from '../plugins/import-plugins.js';
import { defaultCacheDir, type CacheOutcome } from '../rule-cache.js';

/** Options of the compile command, as parsed from the command line. */
export interface CompileCommandOptions {
  rules?: string[];
  site?: string[];
  cf?: string[];
  /** Plugin modules (files or packages) whose plugins are loaded with the rules. */
  plugin?: string[];
  /** The cache directory (default: `$SPAMSCORE_CACHE_DIR`, else spamscore's state directory's `compiled/`). */
  out?: string;
}

/** Runs `compile`; returns the process exit code (0: written; 1: the rules have errors, written anyway; 2: nothing to compile). */
export async function runCompile(opts: CompileCommandOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  const plugins = await importPluginModules(opts.plugin ?? []);
  let outcome: CacheOutcome | undefined;
  // The same options `spamscore check` and `lint` load with, so that their lookups find this entry.
  const ruleSet = await loadRuleSet({
    ...(opts.rules?.length ? { rules: opts.rules } : {}),
    ...(opts.site?.length ? { site: opts.site } : {}),
    ...(opts.cf?.length ? { cf: opts.cf } : {}),
    ...(plugins.length ? { plugins } : {}),
    locale: localeFromEnv(process.env),
    cache: { dir: opts.out ?? defaultCacheDir(), write: true, onOutcome: (o) => (outcome = o) },
  });
  for (const d of ruleSet.diagnostics) if (d.severity === 'error') err(formatDiagnostic(d));
  if (ruleSet.diagnostics.some((d) => d.code === 'no-rules')) return 2;
  const ms = performance.now() - t0;
  out(`compile: ${ruleSet.rules.size} rules from ${ruleSet.files.length} files written to ${outcome?.file ?? '?'} in ${ms.toFixed(0)} ms`);
  return ruleSet.errorCount > 0 ? 1 : 0;
}

/** The `compile` command, for the program's command list. */
export function compileCommand(setCode: (code: number) => void): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return new Command('compile')
    .description('compile the rules once and write them to the compiled-rules cache, like `sa-compile`: later loads read them in a fraction of the time')
    .option('--rules <dir>', 'rules directory or file (repeatable; default: see --version)', collect)
    .option('--site <dir>', 'site configuration directory (repeatable; default: /etc/spamassassin with installed rules)', collect)
    .option('--cf <line>', 'extra configuration line, read last (repeatable)', collect)
    .option('--plugin <module>', 'load the plugins a module exports (a file or package; repeatable)', collect)
    .option('--out <dir>', 'the cache directory (default: $SPAMSCORE_CACHE_DIR, else /var/lib/spamscore/compiled for root, ~/.local/share/spamscore/compiled otherwise)')
    .action(async (opts: CompileCommandOptions) => {
      setCode(
        await runCompile(
          opts,
          (s) => process.stdout.write(s + '\n'),
          (s) => process.stderr.write(s + '\n'),
        ),
      );
    });
}
