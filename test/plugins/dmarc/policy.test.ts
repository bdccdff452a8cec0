/**
 * Mail::DMARC's pieces SA relies on: the organizational domain and policy record parsing. The
 * expected values are what Mail::DMARC::PurePerl 1.20211209 answered
 * (`perl -MMail::DMARC::PurePerl -e 'print Mail::DMARC::PurePerl->new->get_organizational_domain($d)'`,
 * `Mail::DMARC::Policy->new->parse($record)`).
 */
import { describe, expect, it } from 'vitest';
import { organizationalDomain } from '../../../src/plugins/builtin/dmarc/org-domain.js';
import { acceptPolicy, parsePolicy } from '../../../src/plugins/builtin/dmarc/policy.js';
import { fromDomain } from '../../../src/plugins/builtin/dmarc/validate.js';

describe('the organizational domain', () => {
  const perl: [string, string][] = [
    ['example.com', 'example.com'],
    ['mail.example.com', 'example.com'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['co.uk', 'co.uk'],
    ['foo.blogspot.com', 'foo.blogspot.com'],
    ['blogspot.com', 'blogspot.com'],
    ['com', 'com'],
    ['x.y.unknowntld', 'unknowntld'],
    ['www.ck', 'www.ck'],
    ['a.b.ck', 'a.b.ck'],
  ];
  for (const [domain, org] of perl) it(`of ${domain} is ${org}`, () => expect(organizationalDomain(domain)).toBe(org));
});

describe('DMARC policy records', () => {
  it('are cut into tags, whitespace removed, tag names lower-cased, values kept as written', () => {
    expect(Object.fromEntries(parsePolicy('v = DMARC1 ; p = Reject; sp=none'))).toEqual({ v: 'DMARC1', p: 'Reject', sp: 'none' });
    expect(Object.fromEntries(parsePolicy('v=DMARC1;p=quarantine;;pct=50;'))).toEqual({ v: 'DMARC1', p: 'quarantine', pct: '50' });
    expect(Object.fromEntries(parsePolicy('v=DMARC1; p=none; fo=1:d'))).toEqual({ v: 'DMARC1', p: 'none', fo: '1:d' });
    expect(Object.fromEntries(parsePolicy('v=DMARC1; p=reject; rua=mailto:a@example.com'))).toEqual({ v: 'DMARC1', p: 'reject', rua: 'mailto:a@example.com' });
  });

  it('are refused without a usable p= unless a valid rua= makes it p=none', () => {
    expect(acceptPolicy('v=DMARC1; p=bogus')).toBeUndefined();
    expect(acceptPolicy('v=DMARC1')).toBeUndefined();
    expect(acceptPolicy('v=DMARC1; rua=mailto:agg@example.com')?.get('p')).toBe('none');
    expect(acceptPolicy('v=DMARC2; p=reject')).toBeUndefined();
    expect(acceptPolicy('v=DMARC1; p=reject; sp=bogus')).toBeUndefined();
    expect(acceptPolicy('v=DMARC1; p=Reject')?.get('p')).toBe('Reject');
  });
});

describe('the From domain Mail::DMARC takes from an address', () => {
  it('is what follows the last @, cut at white space or >, lower-cased', () => {
    expect(fromDomain('Alice@Example.COM')).toBe('example.com');
    expect(fromDomain('a@b@example.org>')).toBe('example.org');
    expect(fromDomain('nobody')).toBe('nobody');
  });
});
