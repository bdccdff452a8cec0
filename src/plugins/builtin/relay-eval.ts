/**
 * RelayEval: SpamAssassin's `Plugin::RelayEval` evals.
 */
import type { EvalImpls } from './internal.js';

/** RelayEval's evals by name. */
export const RELAY_EVAL: EvalImpls = {};
