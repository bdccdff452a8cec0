/**
 * A growing collection of DNS answers that rules wait on: SA's AsyncLoop calls a rule's
 * callback once per answer and the rule hits on the first matching one (`got_hit` from inside
 * `process_dnsbl_result`), long before the other lookups end. A pool gives the same early
 * answer: {@link AnswerPool.firstMatch} settles true on the first answer passing a test, and
 * false only once the pool is closed and every lookup in it has settled.
 */
import type { DnsAnswer } from '../../../net/types.js';

interface Waiter {
  readonly test: (answer: DnsAnswer) => boolean;
  readonly resolve: (hit: boolean) => void;
}

/** Answers of the lookups of one rule, or of one check_rbl set. */
export class AnswerPool {
  readonly #answers: DnsAnswer[] = [];
  readonly #waiters = new Set<Waiter>();
  #outstanding = 0;
  #open = true;

  /** Adds a lookup; its answer is offered to every waiter when it arrives. */
  add(lookup: Promise<DnsAnswer>): void {
    const release = this.hold();
    lookup
      .then((answer) => {
        this.#answers.push(answer);
        for (const w of [...this.#waiters]) {
          if (w.test(answer)) {
            this.#waiters.delete(w);
            w.resolve(true);
          }
        }
      })
      // ctx.net.dns never rejects; a broken lookup is simply no answer.
      .catch(() => undefined)
      .finally(release);
  }

  /**
   * Keeps the pool undecided while lookups may still join it (check_rbl_ns_from launches its
   * list lookups only once the NS answer is in). Returns the release function (idempotent).
   */
  hold(): () => void {
    this.#outstanding++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#outstanding--;
      this.#settle();
    };
  }

  /** No more lookups will be added (other than under a {@link hold} taken before). */
  close(): void {
    this.#open = false;
    this.#settle();
  }

  /** Whether the pool is decided: closed, nothing outstanding. */
  get done(): boolean {
    return !this.#open && this.#outstanding === 0;
  }

  /** The answers received so far. */
  get answers(): readonly DnsAnswer[] {
    return this.#answers;
  }

  /** True as soon as an answer passes `test`; false when the pool is done without one. */
  firstMatch(test: (answer: DnsAnswer) => boolean): Promise<boolean> {
    if (this.#answers.some(test)) return Promise.resolve(true);
    if (this.done) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => this.#waiters.add({ test, resolve }));
  }

  #settle(): void {
    if (!this.done) return;
    for (const w of this.#waiters) w.resolve(false);
    this.#waiters.clear();
  }
}
