// A learner process for the concurrency test: learns FILES (JSON list in argv[3]) as argv[4]
// into the SQLite store at bayes_path argv[2].
import { readFileSync } from 'node:fs';
import { compileRuleSet } from '../../src/index.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';

const [, , bayesPath, filesJson, cls] = process.argv;
const rs = compileRuleSet([{ name: 'local.cf', text: `loadplugin Mail::SpamAssassin::Plugin::Bayes\nbayes_path ${bayesPath}\n` }]);
let n = 0;
for (const f of JSON.parse(readFileSync(filesJson!, 'utf8')) as string[]) {
  const r = await rs.learn(readFileSync(f), cls as 'spam' | 'ham');
  if (r.status === 'learned') n++;
  // what a message that was not learned got instead, for the test's failure message
  else process.stderr.write(`${f}: ${JSON.stringify(r)}\n`);
}
await closeBayesStores();
process.stdout.write(String(n));
