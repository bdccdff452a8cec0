/**
 * ImageInfo: SpamAssassin's `Plugin::ImageInfo` evals.
 */
import type { EvalImpls } from './internal.js';

/** ImageInfo's evals by name. */
export const IMAGE_INFO: EvalImpls = {};
