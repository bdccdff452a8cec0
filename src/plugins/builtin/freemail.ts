/**
 * FreeMail: SpamAssassin's `Plugin::FreeMail` evals.
 */
import type { EvalImpls } from './internal.js';

/** FreeMail's evals by name. */
export const FREEMAIL: EvalImpls = {};
