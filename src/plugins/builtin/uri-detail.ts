/**
 * URIDetail: SpamAssassin's `Plugin::URIDetail` evals.
 */
import type { EvalImpls } from './internal.js';

/** URIDetail's evals by name. */
export const URI_DETAIL: EvalImpls = {};
