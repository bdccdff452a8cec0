/**
 * The Email::Address::XS 1.05 fallback of SpamAssassin's `parse_header_addresses`
 * (`Util::_parse_header_addresses_xs`): a re-implementation of the Dovecot RFC 822 address
 * parser that module wraps (`message_address_parse` with NON_STRICT_DOTS_AS_INVALID), flattened
 * to its addresses the way `Email::Address::XS->parse` returns them, then SA's post-processing
 * (Bug 5201 phrase-that-is-an-address, comment as phrase, the whole input as a last-resort name).
 *
 * The parser walks the value byte by byte; return codes follow Dovecot: 1 = more input,
 * 0 = end of input, -1 = invalid, -2 = acceptable with a dot/char problem.
 */

import { isFqdnValid } from './fqdn.js';
import { defaultIdnToAscii, type IdnToAscii } from './header-host.js';
import type { ParsedAddress } from './parsed-address.js';

/** atext: RFC 5322 `atext` plus every 8-bit byte. */
function isAtext(c: string | undefined): boolean {
  if (c === undefined) return false;
  const b = c.charCodeAt(0);
  return b >= 0x80 || /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]/.test(c);
}

interface Addr {
  name: string | null;
  route: string | null;
  mailbox: string | null;
  domain: string | null;
  comment: string | null;
  invalid: boolean;
}

const emptyAddr = (): Addr => ({ name: null, route: null, mailbox: null, domain: null, comment: null, invalid: false });

class DovecotParser {
  pos = 0;
  comment = '';
  addr: Addr = emptyAddr();
  readonly out: Addr[] = [];
  constructor(readonly d: string) {}

  get more(): boolean {
    return this.pos < this.d.length;
  }

  skipComment(): number {
    this.comment = '';
    let level = 1;
    let start = ++this.pos;
    for (; this.pos < this.d.length; this.pos++) {
      const c = this.d[this.pos];
      if (c === '\0') return -1;
      if (c === '(') level++;
      else if (c === ')') {
        if (--level === 0) {
          this.comment += this.d.slice(start, this.pos);
          this.pos++;
          return this.more ? 1 : 0;
        }
      } else if (c === '\n') {
        // folding whitespace: the (CR)LF is dropped from the comment
        let piece = this.d.slice(start, this.pos);
        if (piece.endsWith('\r')) piece = piece.slice(0, -1);
        this.comment += piece;
        start = this.pos + 1;
      } else if (c === '\\') {
        this.pos++;
        if (this.pos >= this.d.length) return -1;
        this.comment += this.d.slice(start, this.pos - 1);
        start = this.pos;
      }
    }
    return -1;
  }

  skipLwsp(): number {
    while (this.more) {
      const c = this.d[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos++;
        continue;
      }
      if (c !== '(') break;
      if (this.skipComment() < 0) return -1;
    }
    return this.more ? 1 : 0;
  }

  dotAtom(acc: { s: string }, stopTrailingDot: boolean): number {
    if (!isAtext(this.d[this.pos])) return -1;
    let lastDot = this.pos;
    let lastIsDot = false;
    let dotProblem = false;
    let ret = 0;
    let start = this.pos++;
    while (this.more) {
      if (isAtext(this.d[this.pos])) {
        this.pos++;
        continue;
      }
      acc.s += this.d.slice(start, this.pos);
      if (this.pos - start > 0) lastIsDot = false;
      if ((ret = this.skipLwsp()) <= 0) return dotProblem && ret >= 0 ? -2 : ret;
      if (this.d[this.pos] !== '.') {
        if (lastIsDot && stopTrailingDot) {
          this.pos = lastDot;
          return dotProblem ? -2 : 1;
        }
        return lastIsDot || dotProblem ? -2 : 1;
      }
      if (lastIsDot) dotProblem = true;
      lastDot = this.pos;
      this.pos++;
      acc.s += '.';
      lastIsDot = true;
      // Dovecot returns the *previous* skip result here (always 1)
      if (this.skipLwsp() <= 0) return dotProblem && ret >= 0 ? -2 : ret;
      start = this.pos;
    }
    acc.s += this.d.slice(start, this.pos);
    return dotProblem ? -2 : 0;
  }

  quotedString(acc: { s: string }): number {
    this.pos++;
    let charProblem = false;
    let start = this.pos;
    for (; this.pos < this.d.length; this.pos++) {
      const c = this.d[this.pos];
      if (c === '\0') charProblem = true;
      else if (c === '"') {
        acc.s += this.d.slice(start, this.pos);
        this.pos++;
        const ret = this.skipLwsp();
        return charProblem && ret >= 0 ? -2 : ret;
      } else if (c === '\r') {
        if (this.pos + 1 < this.d.length && this.d[this.pos + 1] !== '\n') charProblem = true;
      } else if (c === '\n') {
        if (this.pos === start || this.d[this.pos - 1] !== '\r') charProblem = true;
      } else if (c === '\\') {
        this.pos++;
        if (this.pos >= this.d.length) return -1;
        acc.s += this.d.slice(start, this.pos - 1) + this.d[this.pos];
        start = this.pos + 1;
      }
    }
    return -1;
  }

  atomOrDot(acc: { s: string }): number {
    const start = this.pos;
    while (this.more && (isAtext(this.d[this.pos]) || this.d[this.pos] === '.')) this.pos++;
    acc.s += this.d.slice(start, this.pos);
    return this.more ? this.skipLwsp() : 0;
  }

  phrase(acc: { s: string }): number {
    let charProblem = false;
    if (!this.more) return 0;
    if (this.d[this.pos] === '.') return -1;
    for (;;) {
      const ret = this.d[this.pos] === '"' ? this.quotedString(acc) : this.atomOrDot(acc);
      if (ret <= 0 && ret !== -2) return charProblem && ret === 0 ? -2 : ret;
      if (ret === -2) {
        charProblem = true;
        if (!this.more) return -2;
      }
      const c = this.d[this.pos];
      if (!isAtext(c) && c !== '"' && c !== '.') break;
      acc.s += ' ';
    }
    const ret = this.skipLwsp();
    return charProblem && ret >= 0 ? -2 : ret;
  }

  domainLiteral(acc: { s: string }): number {
    let start = this.pos++;
    for (; this.pos < this.d.length; this.pos++) {
      const c = this.d[this.pos];
      if (c === '\0' || c === '[') return -1;
      if (c === ']') {
        acc.s += this.d.slice(start, this.pos + 1);
        this.pos++;
        return this.skipLwsp();
      }
      if (c === '\n') {
        let piece = this.d.slice(start, this.pos);
        if (piece.endsWith('\r')) piece = piece.slice(0, -1);
        acc.s += piece;
        start = this.pos + 1;
      } else if (c === '\\') {
        // the backslash stays in the output
        this.pos++;
        if (this.pos >= this.d.length) return -1;
      }
    }
    return -1;
  }

  domain(acc: { s: string }): number {
    this.pos++;
    if (this.skipLwsp() <= 0) return -1;
    return this.d[this.pos] === '[' ? this.domainLiteral(acc) : this.dotAtom(acc, false);
  }

  localPart(): number {
    const acc = { s: '' };
    let charProblem = false;
    let ret = 0;
    while (this.more) {
      ret = this.d[this.pos] === '"' ? this.quotedString(acc) : this.dotAtom(acc, true);
      if (ret < 0 && ret !== -2) return -1;
      if (ret === -2) charProblem = true;
      if (!this.more) break;
      if ((ret = this.skipLwsp()) <= 0) break;
      if (this.d[this.pos] !== '.') break;
      this.pos++;
      if (!this.more) {
        charProblem = true;
        break;
      }
      if ((ret = this.skipLwsp()) <= 0) break;
      if (!this.more || this.d[this.pos] === '@') {
        charProblem = true;
        break;
      }
    }
    if (charProblem || ret < 0) this.addr.invalid = true;
    this.addr.mailbox = acc.s;
    return ret;
  }

  parseDomain(): number {
    const acc = { s: '' };
    const ret = this.domain(acc);
    if (ret < 0 && ret !== -2) return -1;
    this.addr.domain = acc.s;
    return ret;
  }

  domainList(): number {
    const acc = { s: '' };
    let dotProblem = false;
    for (;;) {
      if (!this.more) return dotProblem ? -2 : 0;
      if (this.d[this.pos] !== '@') break;
      if (acc.s.length > 0) acc.s += ',';
      acc.s += '@';
      const ret = this.domain(acc);
      if (ret <= 0 && ret !== -2) return ret;
      if (ret === -2) dotProblem = true;
      while (this.skipLwsp() > 0 && this.d[this.pos] === ',') this.pos++;
    }
    this.addr.route = acc.s;
    return dotProblem ? -2 : 1;
  }

  angleAddr(): number {
    this.pos++;
    if (this.skipLwsp() <= 0) return -1;
    if (this.d[this.pos] === '@') {
      const ret = this.domainList();
      if (ret > 0 && this.d[this.pos] === ':') this.pos++;
      else {
        this.addr.invalid = true;
        if (!this.more) return -1;
        if (ret === -2) this.pos++;
      }
      if (this.skipLwsp() <= 0) return -1;
    }
    if (this.d[this.pos] !== '>') {
      let ret = this.localPart();
      if (ret <= 0 && ret !== -2) return -1;
      if (ret === -2) this.addr.invalid = true;
      if (!this.more) return 0;
      if (this.d[this.pos] === '@') {
        ret = this.parseDomain();
        if (ret <= 0 && ret !== -2) return -1;
        if (ret === -2) this.addr.invalid = true;
        if (!this.more) return 0;
      }
    }
    if (this.d[this.pos] !== '>') return -1;
    this.pos++;
    return this.skipLwsp();
  }

  nameAddr(): number {
    const acc = { s: '' };
    const ret = this.phrase(acc);
    if ((ret <= 0 && ret !== -2) || this.d[this.pos] !== '<') return -1;
    if (ret === -2) this.addr.invalid = true;
    this.addr.name = acc.s.length === 0 ? null : acc.s;
    this.comment = '';
    if (this.angleAddr() < 0) this.addr.invalid = true;
    if (this.comment.length > 0) this.addr.comment = this.comment;
    return this.more ? 1 : 0;
  }

  addrSpec(): number {
    let ret2 = -3;
    this.comment = '';
    let ret = this.localPart();
    if (ret <= 0) this.addr.invalid = true;
    if (ret !== 0 && this.more && this.d[this.pos] === '@') {
      ret2 = this.parseDomain();
      if (ret2 <= 0 && ret !== -2) ret = ret2;
      if (ret2 === -2) {
        this.addr.invalid = true;
        if (!this.more) ret = 0;
      }
    }
    if (this.comment.length > 0) this.addr.comment = this.comment;
    return ret;
  }

  /** Pushes the current address; an address always gets a mailbox and a domain ('' if missing). */
  addFixed(): void {
    if (this.addr.mailbox === null) {
      this.addr.mailbox = '';
      this.addr.invalid = true;
    }
    if (this.addr.domain === null || this.addr.domain === '') {
      this.addr.domain = '';
      this.addr.invalid = true;
    }
    this.add();
  }

  add(): void {
    this.out.push(this.addr);
    this.addr = emptyAddr();
  }

  mailbox(): number {
    const start = this.pos;
    let ret = this.nameAddr();
    if (ret < 0) {
      // Dovecot keeps invalid_syntax from the failed attempt
      const invalid = this.addr.invalid;
      this.addr = { ...emptyAddr(), invalid };
      this.pos = start;
      ret = this.addrSpec();
      const a = this.addr;
      if (a.invalid && a.name === null && a.mailbox !== null && a.domain === null) {
        a.name = a.mailbox;
        a.mailbox = null;
      }
    }
    if (ret < 0) this.addr.invalid = true;
    this.addFixed();
    return ret;
  }

  group(): number {
    const acc = { s: '' };
    let ret = this.phrase(acc);
    if ((ret <= 0 && ret !== -2) || this.d[this.pos] !== ':') return -1;
    if (ret === -2) this.addr.invalid = true;
    this.pos++;
    if ((ret = this.skipLwsp()) <= 0) this.addr.invalid = true;
    // the group start marker: a mailbox holding the group name, no domain
    this.addr.mailbox = acc.s;
    this.add();
    if (ret > 0 && this.d[this.pos] !== ';') {
      for (;;) {
        this.mailbox();
        if (!this.more || this.d[this.pos] !== ',') break;
        this.pos++;
        if (this.skipLwsp() <= 0) {
          ret = -1;
          break;
        }
      }
    }
    if (ret >= 0) {
      if (!this.more || this.d[this.pos] !== ';') ret = -1;
      else {
        this.pos++;
        ret = this.skipLwsp();
      }
    }
    if (ret < 0) this.addr.invalid = true;
    this.add();
    return ret === 0 ? 0 : 1;
  }

  address(): number {
    const start = this.pos;
    const ret = this.group();
    if (ret >= 0) return ret;
    this.pos = start;
    return this.mailbox();
  }

  addressList(): void {
    if (this.skipLwsp() <= 0) return;
    for (;;) {
      if (this.address() === 0) break;
      if (!this.more || this.d[this.pos] !== ',') {
        this.out[this.out.length - 1]!.invalid = true;
        break;
      }
      this.pos++;
      const ret = this.skipLwsp();
      if (ret <= 0) {
        // ends with some garbage
        if (ret < 0) this.addFixed();
        break;
      }
    }
  }
}

/** The RFC 5322 escaping of a local part (`str_append_maybe_escape`, dots allowed inside). */
function escapeLocalPart(s: string): string {
  if (s === '') return '""';
  const quoteDot = s.startsWith('.') || s.endsWith('.');
  if ([...s].every((c) => isAtext(c) || (!quoteDot && c === '.'))) return s;
  return `"${s.replace(/["\\\0\t\n\r]/g, '\\$&')}"`;
}

/** `Email::Address::XS->parse($value)` as SA post-processes it into address records. */
export function parseAddressesXs(value: string, idn: IdnToAscii = defaultIdnToAscii): ParsedAddress[] {
  const str = value.replace(/\\\\/g, '');
  const p = new DovecotParser(str);
  p.addressList();
  const results: ParsedAddress[] = [];
  // only real addresses are returned; group markers have no domain
  for (const a of p.out) {
    if (a.domain === null) continue;
    let phrase = a.name ?? undefined;
    let user = a.mailbox !== null && a.mailbox !== '' && !a.mailbox.startsWith('\0') ? a.mailbox : undefined;
    let host = a.domain !== '' && !a.domain.startsWith('\0') ? a.domain : undefined;
    const comment = a.comment ?? undefined;
    let address = user !== undefined && host !== undefined ? `${escapeLocalPart(user)}@${host}` : undefined;
    let invalid = !(user !== undefined && host !== undefined && !a.invalid);
    const bare = phrase === undefined ? undefined : /^([^\t\n\x0b\f\r @]+)@([^\t\n\x0b\f\r @]+)\n?$/.exec(phrase);
    // Bug 5201: From: "joe+foobar@example.com" — a quoted phrase that is an address
    if (
      address === undefined && user === undefined && comment === undefined && phrase !== undefined &&
      !phrase.startsWith('""@') && phrase.split('"').length - 1 !== 1 && bare && isFqdnValid(idn(bare[2]!), true)
    ) {
      user = bare[1];
      host = bare[2];
      address = phrase;
      invalid = false;
      phrase = undefined;
    }
    if (phrase === undefined && comment !== undefined) phrase = comment;
    if (phrase === undefined && address === undefined) phrase = str;
    results.push({ phrase, user, host, address, comment, invalid });
  }
  return results;
}
