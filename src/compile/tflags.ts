/**
 * `tflags`: the per-rule flag string, read the way SA's code tests it (word matches such as
 * `/\bnet\b/`, and `maxhits=N` / `range=x-y` values).
 */

/** The parsed flags of a rule. */
export interface TFlags {
  /** Every flag word as written (including `key=value` words). */
  readonly words: ReadonlySet<string>;
  readonly net: boolean;
  readonly nice: boolean;
  readonly learn: boolean;
  readonly multiple: boolean;
  /** `maxhits=N` (implies multiple matching stops after N); undefined when absent. */
  readonly maxhits?: number;
  readonly nosubject: boolean;
  readonly userconf: boolean;
  readonly noautolearn: boolean;
  readonly publish: boolean;
}

const has = (flags: string, word: string) => new RegExp(`\\b${word}\\b`).test(flags);

/** Parses a tflags string. */
export function parseTFlags(flags: string): TFlags {
  const maxhits = /\bmaxhits=(\d+)\b/.exec(flags);
  return {
    words: new Set(flags.split(/\s+/).filter(Boolean)),
    net: has(flags, 'net'),
    nice: has(flags, 'nice'),
    learn: has(flags, 'learn'),
    multiple: has(flags, 'multiple'),
    ...(maxhits ? { maxhits: Number(maxhits[1]) } : {}),
    nosubject: has(flags, 'nosubject'),
    userconf: has(flags, 'userconf'),
    noautolearn: has(flags, 'noautolearn'),
    publish: has(flags, 'publish'),
  };
}
