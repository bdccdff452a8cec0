/**
 * MIMEEval: SpamAssassin's `Plugin::MIMEEval` evals.
 */
import type { EvalImpls } from './internal.js';

/** MIMEEval's evals by name. */
export const MIME_EVAL: EvalImpls = {};
