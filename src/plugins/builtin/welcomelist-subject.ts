/**
 * WelcomeListSubject: SpamAssassin's `Plugin::WelcomeListSubject` evals.
 */
import type { EvalImpls } from './internal.js';

/** WelcomeListSubject's evals by name. */
export const WELCOMELIST_SUBJECT: EvalImpls = {};
