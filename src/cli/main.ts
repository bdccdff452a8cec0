/**
 * The `spamscore` command line.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runLint } from './lint.js';
import { runCheck } from './check.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--timeout 2.5`: a positive number of seconds. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(?:\.\d*)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

/** `--jobs 2`: a positive whole number of worker threads. */
function parseJobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('spamscore')
    .description('Score mail the way Apache SpamAssassin does, with its own rule files.')
    .showHelpAfterError();

  program
    .command('lint')
    .description('load the rules and report problems, like `spamassassin --lint`')
    .option('--rules <dir>', 'rules directory or file (repeatable; default: SpamAssassin install, else bundled rules)', collect)
    .option('--site <dir>', 'site configuration directory (repeatable; default: /etc/spamassassin with installed rules)', collect)
    .option('--cf <line>', 'extra configuration line, read last (repeatable)', collect)
    .option('--json', 'print the compiled rule set as JSON (the shape of SpamAssassin\'s rules dump)')
    .action(async (opts: { rules?: string[]; site?: string[]; cf?: string[]; json?: boolean }) => {
      code = await runLint(
        opts,
        (s) => process.stdout.write(s + '\n'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  program
    .command('check')
    .description('score messages (files, directories, mbox files, or - for standard input)')
    .argument('[inputs...]', 'messages to score (default: standard input)')
    .option('--rules <dir>', 'rules directory or file (repeatable)', collect)
    .option('--site <dir>', 'site configuration directory (repeatable)', collect)
    .option('--cf <line>', 'extra configuration line, read last (repeatable)', collect)
    .option('-L, --local', 'local tests only, like `spamassassin -L` (no DNS lists, DCC, SPF/DKIM…)')
    .option('--timeout <seconds>', 'deadline of each message\'s scan, computing and network waits (default: time_limit, 300 s)', parseSeconds)
    .option('-j, --jobs <n>', 'score on n worker threads (the scanner pool) instead of in-process', parseJobs)
    .option('--json', 'one JSON line per message: file, score, isSpam, tests, subtests')
    .action(async (inputs: string[], opts: { rules?: string[]; site?: string[]; cf?: string[]; json?: boolean; local?: boolean; timeout?: number; jobs?: number }) => {
      code = await runCheck(
        inputs,
        opts,
        (s) => process.stdout.write(s + '\n', 'latin1'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  await program.parseAsync(argv);
  return code;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`spamscore: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
