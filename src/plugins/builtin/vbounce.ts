/**
 * VBounce: SpamAssassin's `Plugin::VBounce` evals.
 */
import type { EvalImpls } from './internal.js';

/** VBounce's evals by name. */
export const VBOUNCE: EvalImpls = {};
