/**
 * The DNS lookups launched on behalf of some rules, and those rules' outcomes: SA's
 * `rule_pending` / `rule_ready` / `got_hit` bookkeeping for the asynchronous DNS plugins
 * (URIDNSBL, AskDNS, HashBL), as promises.
 *
 * A rule's outcome resolves `true` as soon as an answer makes it hit (`got_hit` marks it ready),
 * and `false` once every lookup of the group, including the lookups launched from answers (the
 * NS -> A -> list chains), has settled without a hit. Lookups never reject (`NetContext.dns`);
 * a handler that throws is reported and counts as settled.
 */

/** A set of lookups and the rule outcomes they decide. */
export class LookupGroup {
  #open = 0;
  #closed = false;
  #finished = false;
  readonly #hits = new Set<string>();
  readonly #waiters = new Map<string, ((hit: boolean) => void)[]>();
  readonly #onError: (err: unknown) => void;

  /** @param onError - where a failing answer handler is reported (a diagnostic of the scan) */
  constructor(onError: (err: unknown) => void) {
    this.#onError = onError;
  }

  /**
   * Follows one lookup: `onAnswer` runs with its answer and may launch (and track) more lookups
   * before this one counts as settled.
   */
  track<T>(lookup: Promise<T>, onAnswer: (answer: T) => void): void {
    this.#open++;
    lookup
      .then(onAnswer)
      .catch((err: unknown) => this.#onError(err))
      .finally(() => {
        this.#open--;
        this.#maybeFinish();
      });
  }

  /** Records a hit of `rule` (SA's `got_hit`); its outcome resolves true at once. */
  hit(rule: string): void {
    this.#hits.add(rule);
    const waiters = this.#waiters.get(rule);
    if (!waiters) return;
    this.#waiters.delete(rule);
    for (const w of waiters) w(true);
  }

  /** Whether `rule` has hit so far. */
  hasHit(rule: string): boolean {
    return this.#hits.has(rule);
  }

  /** Says that the launching code is done: once the open lookups settle, misses are final. */
  close(): void {
    this.#closed = true;
    this.#maybeFinish();
  }

  /** The outcome of `rule`: true when listed, false when every lookup settled without a hit. */
  outcome(rule: string): Promise<boolean> {
    if (this.#hits.has(rule)) return Promise.resolve(true);
    if (this.#finished) return Promise.resolve(false);
    return new Promise((resolve) => {
      const list = this.#waiters.get(rule);
      if (list) list.push(resolve);
      else this.#waiters.set(rule, [resolve]);
    });
  }

  #maybeFinish(): void {
    if (!this.#closed || this.#open > 0 || this.#finished) return;
    this.#finished = true;
    for (const waiters of this.#waiters.values()) for (const w of waiters) w(false);
    this.#waiters.clear();
  }
}
