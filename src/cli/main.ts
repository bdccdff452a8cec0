/**
 * The `spamscore` command line.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runLint } from './lint.js';
import { runCheck } from './check.js';
import { debugInput } from './debug.js';
import { runUpdate, type UpdateCommandOptions } from './update.js';
import { versionText } from './version.js';
import { runServe } from './serve.js';
import { runLearn, type LearnCommandOptions } from './learn.js';
import { compileCommand } from './compile.js';

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

/** The options every rule-loading command takes (`--rules`, `--site`, `--cf`). */
function withRuleOptions(cmd: Command, defaults = false): Command {
  return cmd
    .option('--rules <dir>', defaults ? 'rules directory or file (repeatable; default: see --version)' : 'rules directory or file (repeatable)', collect)
    .option('--site <dir>', defaults ? 'site configuration directory (repeatable; default: /etc/spamassassin with installed rules)' : 'site configuration directory (repeatable)', collect)
    .option('--cf <line>', 'extra configuration line, read last (repeatable)', collect);
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('spamscore')
    .description('Score mail the way Apache SpamAssassin does, with its own rule files.')
    .showHelpAfterError()
    .option('-V, --version', 'print the version and where rules are looked for')
    // Computed only when asked: it looks at the file system.
    .on('option:version', () => {
      process.stdout.write(versionText() + '\n');
      process.exit(0);
    });

  withRuleOptions(program.command('lint').description('load the rules and report problems, like `spamassassin --lint`'), true)
    .option('--plugin <module>', 'load the plugins a module exports (a file or package; repeatable)', collect)
    .option('--json', 'print the compiled rule set as JSON (the shape of SpamAssassin\'s rules dump)')
    .option('-D, --debug [areas]', 'also print informational diagnostics (all, or of these comma-separated areas: config,rules,plugin…)')
    .action(async (opts: import('./lint.js').LintCommandOptions) => {
      code = await runLint(
        opts,
        (s) => process.stdout.write(s + '\n'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  withRuleOptions(
    program
      .command('check')
      .description('score messages (files, directories, mbox files with --mbox, or - for standard input)')
      .argument('[inputs...]', 'messages to score (default: standard input)'),
  )
    .option('-L, --local', 'local tests only, like `spamassassin -L` (no DNS lists, DCC, SPF/DKIM…)')
    .option('--timeout <seconds>', 'deadline of each message\'s scan, computing and network waits (default: time_limit, 300 s)', parseSeconds)
    .option('-j, --jobs <n>', 'score on n worker threads (the scanner pool) instead of in-process', parseJobs)
    .option('--json', 'one JSON line per message: file, score, isSpam, action, status, tests (with descriptions), subtests, headers, diagnostics')
    .option('--mbox', 'inputs are mbox files: score each message of them, like `spamassassin --mbox`')
    .option('-c, --exit-code', 'exit 1 when a message is spam (like `spamc -c`), 0 when none is')
    .option('--sticky-captures', 'fill %{TAG} capture templates once per run, as SpamAssassin\'s /o does in one process')
    .option('--plugin <module>', 'load the plugins a module exports (a file or package; repeatable)', collect)
    .option('-D, --debug [areas]', 'also print informational diagnostics, of loading and of each message (all, or of these comma-separated areas: dns,rules,message…)')
    .action(async (inputs: string[], opts: import('./check.js').CheckCommandOptions) => {
      // `-D FILE`: an optional value that is an input, not a list of areas
      const taken = debugInput(opts.debug);
      if (taken !== undefined) {
        inputs.unshift(taken);
        opts.debug = true;
      }
      code = await runCheck(
        inputs,
        opts,
        (s) => process.stdout.write(s + '\n', 'latin1'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  withRuleOptions(
    program
      .command('learn')
      .description('train the Bayes database, like `sa-learn` (files, directories, mbox files, or - for standard input)')
      .argument('[inputs...]', 'messages to learn (default: standard input)'),
  )
    .option('--spam', 'learn the messages as spam')
    .option('--ham', 'learn the messages as ham')
    .option('--forget', 'forget previously learned messages')
    .option('--dump [what]', 'print the database: magic, data or all (default)')
    .option('--backup', 'print the database in sa-learn\'s backup format')
    .option('--restore <file>', 'replace the database with a backup (sa-learn --backup output)')
    .option('--clear', 'empty the database')
    .option('--force-expire', 'expire old tokens now, like sa-learn --force-expire (SQLite; Redis expires tokens by TTL)')
    .option('--use-ignores', 'skip messages from/to bayes_ignore_from/bayes_ignore_to addresses, like sa-learn --use-ignores')
    .option('--dbpath <path>', 'the bayes_path to use (a file prefix; SQLite file PATH.sqlite)')
    .option('--progress', 'report progress on standard error every 100 messages')
    .action(async (inputs: string[], opts: LearnCommandOptions) => {
      code = await runLearn(
        inputs,
        opts,
        (s) => process.stdout.write(s + '\n', 'latin1'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  withRuleOptions(program.command('serve').description('a spamd-compatible daemon: spamc, Exim, Haraka… talk to it as to spamd'))
    .option('-i, --listen <addr>', 'listen on host:port, [v6]:port, :port, ssl:host:port or a Unix socket path (repeatable; default 127.0.0.1)', collect)
    .option('-p, --port <n>', 'port of --listen addresses that name none (default 783)', parseJobs)
    .option('-A, --allowed-ips <list>', 'client addresses/networks allowed over TCP, comma-separated (repeatable; default 127.0.0.1,::1)', collect)
    .option('-m, --max-children <n>', 'scanner worker threads (default: available parallelism)', parseJobs)
    .option('-L, --local', 'local tests only (no DNS lists, DCC, SPF/DKIM…)')
    .option('-l, --allow-tell', 'accept TELL (spamc -L/-C) requests')
    .option('--ssl', 'every TCP listener speaks TLS')
    .option('--ssl-cert <file>', 'TLS certificate (PEM)')
    .option('--ssl-key <file>', 'TLS private key (PEM)')
    .option('--timeout-tcp <seconds>', 'wait this long for a request line (default 30)', parseSeconds)
    .option('--timeout-child <seconds>', 'time limit of one request, scan included (default 300)', parseSeconds)
    .option('--max-size <bytes>', 'score only the first bytes of longer messages (default 32 MiB)', parseJobs)
    .option('-r, --pidfile <file>', 'write the process id to this file')
    .option('--socketmode <mode>', 'permissions of Unix sockets, octal (e.g. 660)')
    .option('-q, --quiet', 'log warnings and errors only')
    .option('--virtual-config-dir <pattern>', 'per-user preferences PATTERN/user_prefs for spamc -u (%u user, %l local part, %d domain, %x address-or-domain, %% a %)')
    .option('--user-prefs <dir>', 'per-user preferences DIR/USER/user_prefs (--virtual-config-dir DIR/%u)')
    .option('--user-config', 'per-user preferences ~USER/.spamassassin/user_prefs from home directories')
    .option('-x, --nouser-config', 'no per-user preferences (the default)')
    .option('-c, --create-prefs', 'with --user-config: create a missing user_prefs from SpamAssassin\'s template')
    .option('--user-prefs-cache <n>', 'users\' compiled preferences kept per worker (default 100)', parseJobs)
    .option('--plugin <module>', 'load the plugins a module exports in every worker (a file or package; repeatable)', collect)
    .action(async (opts: import('./serve.js').ServeCommandOptions) => {
      code = await runServe(opts, (s) => process.stderr.write(s + '\n'));
    });

  program
    .command('update')
    .description('fetch, verify and install rule updates from SpamAssassin\'s update channels, like `sa-update`')
    .option('--channel <name>', 'update this channel (repeatable; default updates.spamassassin.org)', collect)
    .option('--channelfile <file>', 'update the channels listed in the file')
    .option('--install <file>', 'install from this .tar.gz (with FILE.asc and/or FILE.sha512/.sha256 beside it), no network')
    .option('--checkonly', 'only check whether an update is available (exit 0: yes, 1: no)')
    .option('--gpgkey <id>', 'also trust this key id or fingerprint to sign releases (repeatable)', collect)
    .option('--gpgkeyfile <file>', 'also trust the key ids listed in the file')
    .option('--gpghomedir <dir>', 'the keyring directory (default: spamscore-keys beside the update directory)')
    .option('--import <file>', 'import the OpenPGP key(s) of the file into the keyring, then exit (repeatable)', collect)
    .option('--gpg', 'verify signatures (the default)')
    .option('--no-gpg', 'do not verify signatures, only checksums (unsafe)')
    .option('--nogpg', 'same as --no-gpg (sa-update\'s spelling)')
    .option('--updatedir <dir>', 'where rules are installed (default: $SPAMSCORE_UPDATE_DIR, /var/lib/spamscore/4.000001 for root, else ~/.local/share/spamscore/4.000001)')
    .option('--site <dir>', 'site directory whose *.pre files the update is linted with (repeatable)', collect)
    .option('--dns-server <host:port>', 'DNS server for the channel lookups (repeatable; default: the system\'s)', collect)
    .option('--refreshmirrors', 'download the channel\'s MIRRORED.BY again even if fresh')
    .option('--forcemirror <url>', 'use this mirror instead of the channel\'s list')
    .option('--allowplugins', 'keep the update\'s loadplugin lines (needs --reallyallowplugins)')
    .option('--reallyallowplugins', 'confirm --allowplugins')
    .option('--timeout <seconds>', 'how long a DNS query or HTTP answer may take (default 30)', parseSeconds)
    .option('-v, --verbose', 'say what was done (repeat for more)', (_: string, n: number) => n + 1, 0)
    .option('-D, --debug', 'print every step on standard error')
    .action(async (opts: UpdateCommandOptions) => {
      code = await runUpdate(
        opts,
        (s) => process.stdout.write(s + '\n'),
        (s) => process.stderr.write(s + '\n'),
      );
    });

  program.addCommand(compileCommand((c) => (code = c)));

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
