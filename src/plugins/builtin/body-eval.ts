/**
 * BodyEval: SpamAssassin's body evals (`Plugin::BodyEval`).
 */
import { modelOf, type EvalImpls } from './internal.js';

/** BodyEval's evals by name. */
export const BODY_EVAL: EvalImpls = {
  /** The pristine body (bytes after the header block) is at most `min` bytes long. */
  check_body_length: (ctx, min) => (modelOf(ctx).raw.pristineBody.length <= Number(min) ? 1 : 0),
};
