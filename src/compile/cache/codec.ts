/**
 * A compiled-rules cache entry as bytes: a compiled rule set — every rule with its translated
 * pattern, meta expression and eval call, the settings, directives, files and diagnostics —
 * and the parse it came from (kept for `withUserPrefs()`), written with V8's serialiser (Maps,
 * Sets and shared references survive it) behind a small text header.
 *
 * Layout: the line `spamscore compiled rules`, one line of JSON ({@link CacheEntryMeta}), then
 * the rule-set section and the parse section. The header carries the SHA-256 of both sections:
 * a truncated or altered file is refused as a whole ({@link CacheFormatError}), never half-read.
 * The parse section is decoded only when asked for: scanning never needs it.
 */
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { DirectiveOccurrence, ParsedConfig, SettingValue } from '../../config/parsed-config.js';
import type { Rule } from '../rule.js';

const MAGIC = 'spamscore compiled rules\n';

/** What an entry says about itself (its header). */
export interface CacheEntryMeta {
  /** The cache layout version (`CACHE_FORMAT`). */
  format: number;
  /** spamscore's version that wrote it. */
  spamscore: string;
  /** V8's version (the serialisation's). */
  v8: string;
  /** The configuration's identity and content key (key.ts). */
  identity: string;
  key: string;
  /** Each `include` resolved while compiling: the path as written, the including file, and the digest of what it gave (null: nothing). */
  includes: Array<[string, string, string | null]>;
  /** Byte lengths of the two sections. */
  sections: { ruleSet: number; parsed: number };
  /** SHA-256 of the two sections, hex. */
  sha256: string;
  /** When it was written (ISO 8601), for people. */
  written: string;
  /** Rules in the entry, for people. */
  rules: number;
}

/** The rule-set part of an entry: `RuleSetData` without the plugins (functions; looked up by name when loading). */
export interface CachedRuleSet {
  rules: Map<string, Rule>;
  settings: Map<string, SettingValue>;
  directives: DirectiveOccurrence[];
  pluginsLoaded: string[];
  files: string[];
  diagnostics: Diagnostic[];
  timeLimitScores?: readonly [number, number, number, number];
}

/** A file that is not a readable cache entry: why, in a few words. */
export class CacheFormatError extends Error {
  override readonly name = 'CacheFormatError';
}

/** Encodes an entry; `meta` lacks what the encoding itself determines. */
export function encodeEntry(ruleSet: CachedRuleSet, parsed: ParsedConfig, meta: Omit<CacheEntryMeta, 'sections' | 'sha256'>): Buffer {
  const a = v8.serialize(ruleSet);
  const b = v8.serialize(parsed);
  const sha256 = createHash('sha256').update(a).update(b).digest('hex');
  const header: CacheEntryMeta = { ...meta, sections: { ruleSet: a.length, parsed: b.length }, sha256 };
  return Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8'), a, b]);
}

/** Reads an entry's header only (cheap: decides whether the entry is current before anything is decoded). */
export function readEntryMeta(bytes: Buffer): { meta: CacheEntryMeta; body: number } {
  if (bytes.length < MAGIC.length || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new CacheFormatError('not a spamscore compiled-rules file');
  const eol = bytes.indexOf(0x0a, MAGIC.length);
  if (eol < 0) throw new CacheFormatError('its header is cut short');
  let meta: CacheEntryMeta;
  try {
    meta = JSON.parse(bytes.toString('utf8', MAGIC.length, eol)) as CacheEntryMeta;
  } catch {
    throw new CacheFormatError('its header is not JSON');
  }
  const s = meta?.sections;
  if (typeof meta?.key !== 'string' || typeof meta.identity !== 'string' || !Array.isArray(meta.includes) || !Number.isInteger(s?.ruleSet) || !Number.isInteger(s?.parsed)) {
    throw new CacheFormatError('its header lacks fields');
  }
  return { meta, body: eol + 1 };
}

/**
 * Decodes an entry's rule set, after checking the sections against the header's digest; the
 * parse is returned as a function that decodes it on first call.
 * @throws CacheFormatError when the file is damaged
 */
export function decodeEntry(bytes: Buffer, meta: CacheEntryMeta, body: number): { ruleSet: CachedRuleSet; parsed: () => ParsedConfig } {
  const { ruleSet: n, parsed: m } = meta.sections;
  if (bytes.length !== body + n + m) throw new CacheFormatError(`its size is ${bytes.length} bytes, not the ${body + n + m} its header says`);
  const a = bytes.subarray(body, body + n);
  const b = bytes.subarray(body + n);
  if (createHash('sha256').update(a).update(b).digest('hex') !== meta.sha256) throw new CacheFormatError('its checksum does not match');
  let ruleSet: CachedRuleSet;
  try {
    ruleSet = v8.deserialize(a) as CachedRuleSet;
  } catch (e) {
    throw new CacheFormatError(`its rule set cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
  if (
    !(ruleSet?.rules instanceof Map) ||
    !(ruleSet.settings instanceof Map) ||
    !Array.isArray(ruleSet.directives) ||
    !Array.isArray(ruleSet.pluginsLoaded) ||
    !Array.isArray(ruleSet.files) ||
    !Array.isArray(ruleSet.diagnostics)
  ) {
    throw new CacheFormatError('its rule set is not in the expected shape');
  }
  let parsed: ParsedConfig | undefined;
  return { ruleSet, parsed: () => (parsed ??= v8.deserialize(b) as ParsedConfig) };
}
