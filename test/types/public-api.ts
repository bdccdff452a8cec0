/**
 * The public types a host or a plugin author names, used the way they would use them. This
 * file is not run: `tsc --noEmit` (the first half of `npm test`) checks it, and fails when a
 * type stops being exported from the package entry.
 */
import {
  compileRuleSet,
  createScanner,
  createServer,
  definePlugin,
  loadRuleSet,
  withUserPrefs,
  type AutolearnResult,
  type LearnOptions,
  type UserPrefsOptions,
  type BayesStore,
  type CheckOptions,
  type CheckResult,
  type DccClient,
  type Diagnostic,
  type DnsResolver,
  type Envelope,
  type EvalContext,
  type EvalMessage,
  type EvalMessageBytes,
  type FinishParsingApi,
  type StringEncoding,
  bytesToText,
  type Hit,
  type HttpClient,
  type LearnResult,
  type NetClients,
  type Plugin,
  type PyzorClient,
  type RazorClient,
  type RuleSet,
  type ScannerLearnOptions,
  type ScannerLearnResult,
  type ScannerOptions,
  type ScanResult,
  type ServerOptions,
} from '../../src/index.js';

export async function host(raw: Buffer): Promise<void> {
  const envelope: Envelope = { ip: '203.0.113.9', helo: 'mx.example', mailFrom: 'a@example.com', rcptTo: ['b@example.org'] };
  const resolver: DnsResolver = { resolve: async () => [] };
  const dcc: DccClient | undefined = undefined;
  const pyzor: PyzorClient | undefined = undefined;
  const razor: RazorClient | undefined = undefined;
  const http: HttpClient | undefined = undefined;
  const clients: NetClients = { resolver, ...(dcc ? { dcc } : {}), ...(pyzor ? { pyzor } : {}), ...(razor ? { razor } : {}), ...(http ? { http } : {}) };
  const options: CheckOptions = { network: true, envelope, clients, timeout: 5000, signal: AbortSignal.timeout(6000) };
  const rules: RuleSet = await loadRuleSet();
  const result: CheckResult = await rules.check(raw, options);
  const hits: Hit[] = result.hits;
  const notes: Diagnostic[] = result.diagnostics;
  const timedOut: boolean = result.timedOut;
  const autolearn: AutolearnResult | undefined = result.autolearn;
  void [hits, notes, timedOut, autolearn];
  const learned: LearnResult = await rules.learn(raw, 'spam');
  void learned;
  const poolOptions: ScannerOptions = { workers: 2, timeout: 10_000, maxMessageSize: 1 << 20 };
  const scanner = createScanner(poolOptions);
  const scanned: ScanResult = await scanner.scan(raw, { network: false });
  void scanned.abandoned;
  const learnOptions: ScannerLearnOptions = { timeout: 5000, duringReport: true };
  const poolLearned: ScannerLearnResult = await scanner.learn(raw, 'forget', learnOptions);
  void [poolLearned.status, poolLearned.abandoned];
  await scanner.close();
  const serverOptions: ServerOptions | undefined = undefined;
  void serverOptions;
  void createServer;
  const store: BayesStore | undefined = undefined;
  void store;
}

export const plugin: Plugin = definePlugin({
  name: 'My::Plugin',
  evals: {
    check_subject_length: {
      ruleType: 'header',
      run(ctx: EvalContext, max) {
        const message: EvalMessage = ctx.message;
        const bytes: EvalMessageBytes = message;
        const subject: string = message.getScalarText('Subject') ?? '';
        const encoding: StringEncoding = 'latin1';
        ctx.setTag('MYSUBJECT', bytes.getScalar('Subject') ?? '', encoding);
        ctx.testLog(`subject: ${subject}`);
        return subject.length > Number(bytesToText(max ?? '0'));
      },
    },
  },
  finishParsingStart(api: FinishParsingApi) {
    for (const rule of api.rulesCalling('check_subject_length')) api.setPriority(rule, 10);
  },
});

export const compiled: RuleSet = compileRuleSet(
  [
    { name: 'local.cf', text: 'loadplugin My::Plugin\n' },
    { name: 'bytes.cf', text: new Uint8Array([0x23, 0x0a]) },
  ],
  { plugins: [plugin] },
);

export const bob: RuleSet = withUserPrefs(compiled, { name: '/home/bob/.spamassassin/user_prefs', text: 'required_score 8\n' });
export const prefsOptions: UserPrefsOptions = { virtualConfigDir: '/etc/spamscore/users/%u' };
export type LearnWith = LearnOptions;
