/**
 * DMARC policy records read as Mail::DMARC::Policy 1.20211209 reads them: whitespace removed,
 * `tag=value` pairs split on `;` (a tag may also be cut at `:` or `-`, as its `split` does),
 * lower-cased tag names; `v=DMARC1` required; a missing `p=` becomes `none` only when a valid
 * `rua=` is present; `p=` must be none, quarantine or reject (any case).
 */

/** A parsed policy: tag → value as written. */
export type DmarcPolicy = ReadonlyMap<string, string>;

/** Parses a record (`Policy::parse`). */
export function parsePolicy(text: string): Map<string, string> {
  let cleaned = text.replace(/[\t\n\x0b\f\r ]/g, '');
  cleaned = cleaned.replace(/\\;/g, ';').replace(/;;/g, ';').replace(/;0;/g, ';');
  if (cleaned.endsWith(';')) cleaned = cleaned.slice(0, -1);
  const policy = new Map<string, string>();
  for (const tv of cleaned.split(';')) {
    const m = /^([^=:-]*)[=:-]([\s\S]*)$/.exec(tv);
    if (!m || m[2] === '') continue;
    policy.set(m[1]!.toLowerCase(), m[2]!);
  }
  return policy;
}

/** `is_valid_p`: none, reject or quarantine, in any case. */
export const isValidP = (p: string | undefined): boolean => p !== undefined && /^(?:none|reject|quarantine)$/i.test(p);

/** Whether a `rua=` list holds a usable `mailto:`/`http(s):` URI (`Report::URI::parse`). */
export function hasValidRua(rua: string | undefined): boolean {
  if (!rua) return false;
  return rua.split(',').some((u) => /^(?:mailto:[^@\s]+@[^@\s!]+|https?:\/\/[^\s!]+)(?:![0-9]+[kmgt]?)?$/i.test(u.trim()));
}

/**
 * The policy `discover_policy` accepts for a record, or undefined when Mail::DMARC gives up on
 * it (bad version, unusable `p=`/`sp=` without a valid `rua=`).
 */
export function acceptPolicy(record: string): Map<string, string> | undefined {
  const policy = parsePolicy(record);
  // Policy->new: is_valid
  const v = policy.get('v');
  if (!v || v.toUpperCase() !== 'DMARC1') return undefined;
  if (!policy.get('p')) {
    if (hasValidRua(policy.get('rua'))) policy.set('p', 'none');
    else return undefined;
  }
  if (!isValidP(policy.get('p'))) return undefined;
  // discover_policy's own check (sp too); a valid rua turns it into p=none
  const sp = policy.get('sp');
  if (!isValidP(policy.get('p')) || (sp !== undefined && !isValidP(sp))) {
    if (!hasValidRua(policy.get('rua'))) return undefined;
    policy.set('v', 'DMARC1');
    policy.set('p', 'none');
  }
  return policy;
}
