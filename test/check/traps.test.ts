/**
 * The compatibility traps of sa-inventory.md §8, one small rule file + message each. Every
 * expectation is what Perl SpamAssassin 4.0.1 answered for the same .cf and message
 * (local tests only; plugins Check HeaderEval BodyEval MIMEEval ReplaceTags MIMEHeader RelayEval).
 */
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../src/rule-set.js";

const PRE = ["Check", "HeaderEval", "BodyEval", "MIMEEval", "ReplaceTags", "MIMEHeader", "RelayEval"]
  .map((p) => `loadplugin Mail::SpamAssassin::Plugin::${p}`)
  .join("\n");

interface Trap { id: string; what: string; cf: string; eml: string; tests: string[]; score?: number; subtests?: Record<string, number> }

const traps: Trap[] = [
  {
    id: "body-utf8-octets",
    what: "body rules see UTF-8 octets after charset normalization (trap 1, 5)",
    cf: "body T_E_ACUTE /caf\\xc3\\xa9/\nbody T_LATIN1 /caf\\xe9/\n",
    eml: "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\ncaf\xe9\n",
    tests: ["T_E_ACUTE"],
  },
  {
    id: "rawbody-original-bytes",
    what: "rawbody rules see the original bytes (trap 1)",
    cf: "rawbody T_RAW_UTF8 /caf\\xc3\\xa9/\nrawbody T_RAW_LATIN1 /caf\\xe9/\n",
    eml: "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\ncaf\xe9\n",
    tests: ["T_RAW_LATIN1"],
  },
  {
    id: "header-dollar-before-newline",
    what: "header values end in a newline that Perl $ matches before; :raw keeps the leading space (trap 2)",
    cf: "header T_SUBJ_END Subject =~ /hello$/\nheader T_RAW_LEADING_SPACE Subject:raw =~ /^ hello/\n",
    eml: "From: a@b.example\nSubject: hello\n\nbody\n",
    tests: ["T_RAW_LEADING_SPACE","T_SUBJ_END"],
  },
  {
    id: "absent-header-is-empty",
    what: "an absent header is matched as the empty string (trap 3)",
    cf: "header T_NEG Subject !~ /./\nheader T_EMPTY X-Nope =~ /^$/\nheader T_EXISTS exists:X-Nope\n",
    eml: "From: a@b.example\n\nbody\n",
    tests: ["T_EMPTY","T_NEG"],
  },
  {
    id: "subject-is-body-line-0",
    what: "the Subject is body line 0; nosubject skips it (trap 4)",
    cf: "body T_SUBJ_IN_BODY /^Win big$/\nbody T_NOSUBJ /Win big/\ntflags T_NOSUBJ nosubject\n",
    eml: "From: a@b.example\nSubject: Win big\n\nnothing here\n",
    tests: ["T_SUBJ_IN_BODY"],
  },
  {
    id: "paragraphs-are-lines",
    what: "a paragraph is one body line (trap 4)",
    cf: "body T_JOINED /first line second line/\nbody T_PARA /^third para/\n",
    eml: "From: a@b.example\nSubject: s\n\nfirst line\nsecond line\n\nthird para\n",
    tests: ["T_JOINED","T_PARA"],
  },
  {
    id: "default-scores",
    what: "unscored rules get 1.0, T_ 0.01, nice negative (trap 6)",
    cf: "body PLAIN /zz/\nbody T_TESTING /zz/\nbody NICE_ONE /zz/\ntflags NICE_ONE nice\n",
    eml: "From: a@b.example\nSubject: s\n\nzz\n",
    tests: ["NICE_ONE","PLAIN","T_TESTING"],
    score: 0.01,
  },
  {
    id: "multiple-adds-per-match",
    what: "a scored multiple rule adds its score per match, up to maxhits (trap 7)",
    cf: "body MULTI /ab/\ntflags MULTI multiple maxhits=3\nscore MULTI 0.5\nbody __SUBMULTI /ab/\ntflags __SUBMULTI multiple\n",
    eml: "From: a@b.example\nSubject: s\n\nab ab ab ab ab\n",
    tests: ["MULTI","MULTI","MULTI"],
    score: 1.5,
    subtests: {"__SUBMULTI":5},
  },
  {
    id: "meta-perl-values",
    what: "metas follow Perl values: counts, operand-returning ||, undefined names are 0 (trap 8)",
    cf: "body __A /ab/\ntflags __A multiple\nbody __B /nomatch/\nmeta T_COUNT __A > 2\nmeta T_OR (__B || __A) == 3\nmeta T_NOT !__B && __A\nmeta T_UNDEF __A && !UNDEFINED_RULE\n",
    eml: "From: a@b.example\nSubject: s\n\nab ab ab\n",
    tests: ["T_COUNT","T_NOT","T_OR","T_UNDEF"],
    subtests: {"__A":3},
  },
  {
    id: "meta-zero-scored-dep",
    what: "a meta waiting on a zero-scored meta that matched never runs (trap 8)",
    cf: "body __A /ab/\nmeta ZM __A\nscore ZM 0\nmeta T_DEP_ZERO __A && !ZM\nmeta T_DEP_ZERO_HIT __A && ZM\n",
    eml: "From: a@b.example\nSubject: s\n\nab\n",
    tests: [],
    score: 0,
    subtests: {"__A":1},
  },
  {
    id: "score-zero-not-run",
    what: "a score-0 rule never runs; metas read it as 0 (trap 6, 9)",
    cf: "body __A /ab/\nscore __A 0\nmeta T_SEES_ZERO !__A\n",
    eml: "From: a@b.example\nSubject: s\n\nab\n",
    tests: ["T_SEES_ZERO"],
  },
  {
    id: "if-ifplugin",
    what: "if/ifplugin are evaluated like SA (trap 10)",
    cf: "if (version >= 4.000000)\nbody T_NEW /ab/\nendif\nif (version < 4.000000)\nbody T_OLD /ab/\nendif\nifplugin Mail::SpamAssassin::Plugin::TextCat\nbody T_TEXTCAT /ab/\nendif\n",
    eml: "From: a@b.example\nSubject: s\n\nab\n",
    tests: ["T_NEW"],
  },
  {
    id: "replacetags",
    what: "ReplaceTags expands tags before compiling (trap 11)",
    cf: "replace_tag A (?:a|4)\nbody T_TAGGED /w<A>rez/i\nreplace_rules T_TAGGED\n",
    eml: "From: a@b.example\nSubject: s\n\nW4REZ here\n",
    tests: ["T_TAGGED"],
  },
  {
    id: "regex-perl-semantics",
    what: "Perl regex semantics: \\\\Z, POSIX classes, possessive, Unicode whitespace collapsed in bodies (trap 12)",
    cf: "body T_S_NBSP /a\\sb/\nbody T_DOT_CR /x.y/\nheader T_Z Subject =~ /end\\z/\nheader T_BIGZ Subject =~ /end\\Z/\nbody T_POSIX /[[:digit:]]{3}/\nbody T_POSSESSIVE /\\w++!/\n",
    eml: "From: a@b.example\nSubject: the end\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\na\xa0b x\ry 123 word!\n",
    tests: ["T_BIGZ","T_DOT_CR","T_POSIX","T_POSSESSIVE","T_S_NBSP"],
  },
  {
    id: "relays-private-trusted",
    what: "relay strings and trust inference (trap 14)",
    cf: "header T_RELAYS_EXT X-Spam-Relays-External =~ /ip=203\\.0\\.113\\.5 rdns=mx\\.example\\.org helo=mx\\.example\\.org by=gw\\.example\\.net/\nheader T_RELAYS_TRUSTED X-Spam-Relays-Trusted =~ /ip=10\\.1\\.2\\.3/\n",
    eml: "Received: from mx.example.org (mx.example.org [203.0.113.5])\n\tby gw.example.net (Postfix) with ESMTP id AB12\n\tfor <u@example.net>; Tue, 14 May 2024 09:12:03 +0000\nReceived: from inside (inside [10.1.2.3])\n\tby mx.example.org (Postfix) with ESMTP id CD34;\n\tTue, 14 May 2024 09:12:01 +0000\nFrom: a@b.example\nSubject: s\n\nbody\n",
    tests: ["T_RELAYS_EXT"],
  },
  {
    id: "mimeheader-parts",
    what: "mimeheader looks at every MIME part; a !~ rule always hits",
    cf: "mimeheader T_CT_PDF Content-Type =~ /application\\/pdf/i\nmimeheader T_NEG Content-Type !~ /x-never/\n",
    eml: "From: a@b.example\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\nhi\n--zz\nContent-Type: application/pdf; name=a.pdf\n\nJVBERi0=\n--zz--\n",
    tests: ["T_CT_PDF","T_NEG"],
  },
  {
    id: "full-pristine-crlf",
    what: "full rules see the pristine text with CRLF; rawbody text has CR removed",
    cf: "full T_FULL_CRLF /Subject: s\\r\\n/\nrawbody T_RAW_NO_CR /line\\r/\n",
    eml: "From: a@b.example\r\nSubject: s\r\n\r\nline\r\nmore\r\n",
    tests: ["T_FULL_CRLF"],
  },
];

describe("SpamAssassin compatibility traps", () => {
  it.each(traps)("$what", async (t) => {
    const rs = compileRuleSet([
      { name: "init.pre", text: PRE },
      { name: "t.cf", text: t.cf },
    ]);
    expect(rs.errorCount).toBe(0);
    const r = await rs.check(Buffer.from(t.eml, "latin1"));
    expect(r.hits.map((h) => h.name).sort()).toEqual([...t.tests].sort());
    if (t.score !== undefined) expect(r.score).toBe(t.score);
    if (t.subtests) expect(r.subtests).toEqual(t.subtests);
  });
});
