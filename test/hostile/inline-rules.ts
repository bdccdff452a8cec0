/**
 * A small rule set written for the hostile tests, so that they mean something without the stock
 * rules: one or more rules of every type and view (header `get()` forms, body, rawbody, full,
 * uri, mimeheader, metas, `multiple`, evals from the built-in plugins), several with the nested
 * quantifiers and lookarounds that backtrack on hostile input.
 */
export const INLINE_RULES_CF = `
required_score 5
loadplugin Mail::SpamAssassin::Plugin::HeaderEval
loadplugin Mail::SpamAssassin::Plugin::BodyEval
loadplugin Mail::SpamAssassin::Plugin::MIMEEval
loadplugin Mail::SpamAssassin::Plugin::HTMLEval
loadplugin Mail::SpamAssassin::Plugin::MIMEHeader
loadplugin Mail::SpamAssassin::Plugin::URIDetail

header   H_SUBJ_MONEY     Subject =~ /\\b(?:money|lottery|winner)\\b/i
score    H_SUBJ_MONEY     0.5
header   H_SUBJ_SPACES    Subject =~ /(?:\\s+\\S+)+\\s*$/
score    H_SUBJ_SPACES    0.1
header   H_FROM_ADDR      From:addr =~ /\\@example\\.com$/
score    H_FROM_ADDR      0.1
header   H_FROM_NAME      From:name =~ /^(?:[a-z]+\\s?)+$/i
score    H_FROM_NAME      0.1
header   H_TO_MANY        ToCc =~ /(?:[^,]+,){50}/
score    H_TO_MANY        0.2
header   H_ALL_LT         ALL =~ /(?:<+\\s*)+>/
score    H_ALL_LT         0.1
header   H_RCVD_IP        X-Spam-Relays-Untrusted =~ /ip=10\\./
score    H_RCVD_IP        0.1
header   H_MSGID          MESSAGEID =~ /^<[^@>]+\\@[^>]+>$/
score    H_MSGID          0.1
header   H_PROTO          constructor =~ /value/
score    H_PROTO          0.1
header   H_CTYPE_EXISTS   exists:Content-Type
score    H_CTYPE_EXISTS   0.01
header   H_SUBJ_ENC       Subject:raw =~ /=\\?[^?]+\\?[bq]\\?/i
score    H_SUBJ_ENC       0.1
header   H_COUNT_RCVD     eval:check_header_count_range('Received','20','1000000')
score    H_COUNT_RCVD     0.1

body     B_PILLS          /\\bcheap\\s+pills\\b/i
score    B_PILLS          1.0
body     B_LT_RUN         /(?:<+\\s?)+x/
score    B_LT_RUN         0.1
body     B_DOTS           /(?:\\w+\\.)+\\w+\\@/
score    B_DOTS           0.1
body     B_DIGITS         /(?:\\d+\\s?)+[a-z]{3}/
score    B_DIGITS         0.1
body     B_LOOKAHEAD      /(?=(?:\\w+\\s+){3})offer/i
score    B_LOOKAHEAD      0.1
body     B_BACKREF        /\\b(\\w+)\\s+\\1\\b/
score    B_BACKREF        0.1
body     B_MANY           /\\bclick\\b/i
tflags   B_MANY           multiple maxhits=50
score    B_MANY           0.01
body     B_MIME_HTML      eval:check_for_mime_html()
score    B_MIME_HTML      0.1
body     B_B64_LEN        eval:check_base64_length('79')
score    B_B64_LEN        0.1
body     B_QP_RATIO       eval:check_qp_ratio('0.2')
score    B_QP_RATIO       0.1
body     B_HTML_TAG       eval:html_tag_balance('font', '> 0')
score    B_HTML_TAG       0.1
body     B_HTML_RANGE     eval:html_range('max_shouting', '0', '1')
score    B_HTML_RANGE     0.1
body     B_MA_DIFF        eval:multipart_alternative_difference('99', '100')
score    B_MA_DIFF        0.1
body     B_BLANK_RATIO    eval:check_blank_line_ratio('0', '20', '10')
score    B_BLANK_RATIO    0.1
body     B_UPPER          eval:check_for_uppercase('50', '100')
score    B_UPPER          0.1

rawbody  R_EQUALS         /(?:=+\\s*)+$/
score    R_EQUALS         0.1
rawbody  R_TAGS           /<(?:font|span)[^>]*style="[^"]*(?:display:\\s*none|font-size:\\s*1px)/i
score    R_TAGS           0.2
full     F_NUL            /\\x00/
score    F_NUL            0.1
full     F_BOUNDARY       /^--[^\\n]*\\n(?:Content-[^\\n]*\\n)+\\n/m
score    F_BOUNDARY       0.1
uri      U_DOTS           /^https?:\\/\\/(?:[a-z0-9]+\\.)+[a-z]{2,}\\//i
score    U_DOTS           0.1
uri      U_AT             /\\@/
score    U_AT             0.1
mimeheader M_CT_CHARSET   Content-Type =~ /charset="?(?:utf-(?:16|32)|x-)/i
score    M_CT_CHARSET     0.1

meta     META_MONEY       H_SUBJ_MONEY && B_PILLS
score    META_MONEY       1.5
meta     __SUB_ANY        B_LT_RUN || B_DOTS || B_DIGITS || R_EQUALS
meta     META_BAIT        __SUB_ANY && !H_SUBJ_MONEY
score    META_BAIT        0.1
meta     META_SUM         (H_FROM_ADDR + H_MSGID + H_CTYPE_EXISTS + U_DOTS) > 2
score    META_SUM         0.1
`;
