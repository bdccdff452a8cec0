import { compileRuleSet } from '../../src/rule-set.js';
import { type CompileOptions } from '../../src/compile/compile-rule-set.js';

/** Compiles inline config text as one file, `test.cf`. */
export const compile = (text: string, options: CompileOptions = {}) => compileRuleSet([{ name: 'test.cf', text }], options);

/** Error messages of a rule set. */
export const errors = (rs: ReturnType<typeof compile>) =>
  rs.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
