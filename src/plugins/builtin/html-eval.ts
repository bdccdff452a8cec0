/**
 * HTMLEval: SpamAssassin's `Plugin::HTMLEval` evals.
 */
import type { EvalImpls } from './internal.js';

/** HTMLEval's evals by name. */
export const HTML_EVAL: EvalImpls = {};
