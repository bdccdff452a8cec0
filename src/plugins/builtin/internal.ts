/**
 * What built-in plugins may read beyond the public eval context: the message stage's model
 * (parsed header block, MIME tree, relays…) and the compiled rule set.
 */
import type { TldSets } from '../../message/registry-boundaries.js';
import type { MessageModel } from '../../message/views.js';
import type { EvalContext } from '../types.js';

export type { EvalImpl, EvalImpls } from './vocabulary.js';

/** The message model behind an eval context. */
export const modelOf = (ctx: EvalContext): MessageModel => ctx.internal as MessageModel;

/** The rule set's `util_rb_*` lists, which every RegistryBoundaries call of a plugin reads. */
export const tldsOf = (ctx: EvalContext): TldSets => ctx.tlds;
