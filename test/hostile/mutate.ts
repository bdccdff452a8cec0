/**
 * The fuzzer's mutations: plain data describing how to damage a message, a fast-check arbitrary
 * producing them, and {@link mutate}, which applies them. Positions are fractions of the message
 * length, so one mutation means the same thing on any message; applying the same mutations to
 * the same message always gives the same bytes, so a failing input can be rebuilt from its
 * description alone.
 */
import fc from 'fast-check';

/** Tokens a MIME or HTML parser, a decoder or a regex is most likely to choke on. */
export const HOSTILE_TOKENS: readonly string[] = [
  '=', '=?', '=?utf-8?b?', '=?iso-2022-jp?q?', '?=', '=\n', '=\r\n', '--', '--boundary', '--boundary--',
  '<', '>', '<a href="http://', '</', '<!--', '&#', '&', '\r', '\0', '\r\n', '\n\n', ' ', '\t', '@', '.', 'http://a.',
  '\x1b$B', '\xff\xfe', 'Content-Type: multipart/mixed; boundary="boundary"\n', 'Content-Transfer-Encoding: base64\n',
  'Received: from x (x [10.0.0.1]) by y;\n', 'charset=utf-16',
];

/** One way to damage a message. */
export type Mutation =
  /** XOR `count` consecutive bytes at `at` with `xor`. */
  | { kind: 'flip'; at: number; count: number; xor: number }
  /** Keep only the bytes before `at`. */
  | { kind: 'truncate'; at: number }
  /** Copy `length` bytes from `from` and insert the copy `times` times right after the slice. */
  | { kind: 'duplicate'; from: number; length: number; times: number }
  /** Insert `token` repeated `times` times at `at` (a long run when `times` is large). */
  | { kind: 'insert'; at: number; token: string; times: number }
  /** Remove the blank line between header and body, joining them. */
  | { kind: 'remove-separator' }
  /** Damage the MIME boundaries (see {@link corruptBoundary}). */
  | { kind: 'boundary'; how: 'drop-close' | 'truncate-delimiters' | 'extra-delimiters' | 'undeclare' | 'declare-unused'; at: number };

/** A corpus message index and the mutations to apply to it, in order. */
export interface FuzzInput {
  base: number;
  mutations: Mutation[];
}

/**
 * A position in [0, 1), uniform: fast-check's default bias towards small values would put almost
 * every mutation in the first bytes of the message (the envelope `From ` line).
 */
const fraction = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);

/** A fast-check arbitrary of one {@link Mutation}. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fraction, count: fc.integer({ min: 1, max: 64 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fraction, length: fc.integer({ min: 1, max: 4096 }), times: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fraction,
    token: fc.constantFrom(...HOSTILE_TOKENS),
    // Mostly short insertions, sometimes a run long enough to bait a backtracking regex.
    times: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 50_000 }) }),
  }),
  fc.record({ kind: fc.constant('remove-separator' as const) }),
  fc.record({
    kind: fc.constant('boundary' as const),
    how: fc.constantFrom('drop-close' as const, 'truncate-delimiters' as const, 'extra-delimiters' as const, 'undeclare' as const, 'declare-unused' as const),
    at: fraction,
  }),
);

/** A fast-check arbitrary of a {@link FuzzInput} over a corpus of `corpusSize` messages. */
export function fuzzInputArbitrary(corpusSize: number): fc.Arbitrary<FuzzInput> {
  return fc.record({ base: fc.integer({ min: 0, max: corpusSize - 1 }), mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }) });
}

const pos = (at: number, length: number): number => Math.min(length, Math.floor(at * (length + 1)));

/** The message's body separator offset (the first blank line), or -1. */
function separator(text: string): { index: number; length: number } | undefined {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? { index: m.index, length: m[0].length } : undefined;
}

/**
 * Damages a message's MIME boundaries, where `text` is the message one character per byte:
 * `drop-close` removes every closing delimiter (`--b--`); `truncate-delimiters` cuts the last
 * character off every delimiter line; `extra-delimiters` inserts delimiters of the declared
 * boundary at a position, opening parts with no headers; `undeclare` removes the `boundary=`
 * parameter; `declare-unused` makes the message multipart with a boundary that never occurs.
 */
export function corruptBoundary(text: string, how: Extract<Mutation, { kind: 'boundary' }>['how'], at: number): string {
  const m = /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(text);
  const boundary = m?.[1];
  switch (how) {
    case 'drop-close':
      return boundary ? text.split(`--${boundary}--`).join('') : text;
    case 'truncate-delimiters':
      return boundary && boundary.length > 1 ? text.split(`--${boundary}`).join(`--${boundary.slice(0, -1)}`) : text;
    case 'extra-delimiters': {
      const b = boundary ?? 'boundary';
      const p = pos(at, text.length);
      return text.slice(0, p) + `\n--${b}\n\n--${b}\nContent-Type: text/html\n\n<p>\n--${b}\n` + text.slice(p);
    }
    case 'undeclare':
      return m ? text.slice(0, m.index) + text.slice(m.index + m[0].length) : text;
    case 'declare-unused': {
      const sep = separator(text);
      const header = 'Content-Type: multipart/mixed; boundary="never-used-anywhere"\n';
      return sep ? text.slice(0, sep.index + 1) + header + text.slice(sep.index + 1) : header + text;
    }
  }
}

/** Applies one mutation to a message held one character per byte. */
function applyOne(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'flip': {
      const p = pos(m.at, Math.max(0, text.length - 1));
      let out = '';
      for (let i = p; i < Math.min(text.length, p + m.count); i++) out += String.fromCharCode(text.charCodeAt(i) ^ m.xor);
      return text.slice(0, p) + out + text.slice(p + out.length);
    }
    case 'truncate':
      return text.slice(0, pos(m.at, text.length));
    case 'duplicate': {
      const p = pos(m.from, text.length);
      const slice = text.slice(p, p + m.length);
      return text.slice(0, p + slice.length) + slice.repeat(m.times) + text.slice(p + slice.length);
    }
    case 'insert': {
      const p = pos(m.at, text.length);
      return text.slice(0, p) + m.token.repeat(m.times) + text.slice(p);
    }
    case 'remove-separator': {
      const sep = separator(text);
      return sep ? text.slice(0, sep.index) + '\n' + text.slice(sep.index + sep.length) : text;
    }
    case 'boundary':
      return corruptBoundary(text, m.how, m.at);
  }
}

/** Applies `mutations` in order to `raw`; deterministic. */
export function mutate(raw: Buffer, mutations: readonly Mutation[]): Buffer {
  let text = raw.toString('latin1');
  for (const m of mutations) text = applyOne(text, m);
  return Buffer.from(text, 'latin1');
}

/** A short description of a fuzz input for reports (long tokens are abbreviated). */
export function describeInput(input: FuzzInput, baseName: string): string {
  return `${baseName} ${JSON.stringify(input.mutations, (k, v: unknown) => (k === 'token' && typeof v === 'string' && v.length > 12 ? v.slice(0, 12) + '…' : v))}`;
}
