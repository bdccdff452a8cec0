/**
 * URIEval: SpamAssassin's `Plugin::URIEval` evals.
 */
import type { EvalImpls } from './internal.js';

/** URIEval's evals by name. */
export const URI_EVAL: EvalImpls = {};
