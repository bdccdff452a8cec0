/**
 * Parsing an eval rule's call text, as `Conf::Parser::finish_parsing` and `pack_eval_args` do.
 */

/** A parsed eval call: the function name and its arguments (strings, as SA passes them). */
export interface EvalCall {
  fn: string;
  args: string[];
}

/**
 * Parses `fn(args)`. Arguments are a comma-separated list of `'…'` or `"…"` strings or bare
 * words of `[\d.:A-Za-z-]` (numbers, IP addresses, simple domains); anything else makes the
 * call invalid, and SA then refuses the rule with "syntax error for eval function".
 * @returns undefined when the text is not a valid eval call.
 */
export function parseEvalCall(text: string): EvalCall | undefined {
  const m = /^(\w+)\((.*?)\)\n?$/s.exec(text);
  if (!m) return undefined;
  const args = packEvalArgs(m[2]!);
  return args === undefined ? undefined : { fn: m[1]!, args };
}

const ARG = /^[ \t\n\r\f\v]*(?:(['"])(.*?)\1|([\d.:A-Za-z-]+?))[ \t\n\r\f\v]*(?:,[ \t\n\r\f\v]*|$)/s;

/** `pack_eval_args`: the argument list, or undefined if part of it cannot be parsed. */
export function packEvalArgs(text: string): string[] | undefined {
  if (/^[ \t\n\r\f\v]+$/.test(text)) return [];
  const args: string[] = [];
  let rest = text;
  for (;;) {
    const m = ARG.exec(rest);
    if (!m || m[0] === '') break;
    args.push(m[2] ?? m[3]!);
    rest = rest.slice(m[0].length);
  }
  return rest === '' ? args : undefined;
}
