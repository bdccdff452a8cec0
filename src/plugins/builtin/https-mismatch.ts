/**
 * HTTPSMismatch: SpamAssassin's `Plugin::HTTPSMismatch` evals.
 */
import type { EvalImpls } from './internal.js';

/** HTTPSMismatch's evals by name. */
export const HTTPS_MISMATCH: EvalImpls = {};
