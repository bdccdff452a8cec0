/**
 * Messages `RuleSet.prepare()` scans once so that the first real `check()` finds every lazy
 * part already built (see warm-up.ts). Written for this purpose: they carry the shapes most mail
 * has — a Received chain in several MTA formats, encoded words, a multipart/alternative body with
 * HTML, links, an image and an attachment, quoted-printable and base64, another charset — so that
 * the scan reaches the message views, the prefilters and the built-in evals that mail usually
 * reaches. Addresses and links use the reserved example domains (RFC 2606) and documentation
 * addresses (RFC 5737), so no list a rule set consults can name them.
 */

const B64_GIF = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';

/** A multipart/alternative message with HTML, links, an inline image and an attachment. */
const HTML_MAIL = [
  'Return-Path: <news@example.com>',
  'Received: from mail.example.com (mail.example.com [192.0.2.10])',
  '\tby mx.example.net (Postfix) with ESMTPS id 4AbCdEfGh1;',
  '\tMon, 6 Jan 2025 10:00:02 +0000 (UTC)',
  'Received: from [198.51.100.7] (helo=client.example.org)',
  '\tby mail.example.com with esmtpsa (Exim 4.96)',
  '\tid 1tUvWx-000AbC-De; Mon, 06 Jan 2025 10:00:01 +0000',
  'Received: from client.example.org ([198.51.100.7]) by smtp.example.com with Microsoft SMTP Server id 15.1.2507.39; Mon, 6 Jan 2025 10:00:00 +0000',
  'Received: by 2002:a05:6a10:8e0f:b0:5a1:1234:5678 with SMTP id j15csp123456pxb;',
  '\tMon, 6 Jan 2025 01:59:59 -0800 (PST)',
  // a shape no format knows: every format is tried on it
  'Received: from odd-host.example.org (comment without address) by 203.0.113.77 via relay-x; Mon, 6 Jan 2025 09:59:58 +0000',
  'Received: from [203.0.113.9] by webmail.example.org with HTTP; Mon, 6 Jan 2025 09:59:57 +0000',
  'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1;',
  '\th=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA',
  'Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.com',
  'From: =?UTF-8?B?TmV3cyDDnGJlcnNpY2h0?= <news@example.com>',
  'Reply-To: "Support" <support@example.com>',
  'To: "Reader" <reader@example.net>, other@example.net',
  'Cc: team@example.org',
  'Subject: =?ISO-8859-1?Q?Your_weekly_=FCbersicht?= and offers',
  'Date: Mon, 06 Jan 2025 10:00:00 +0000',
  'Message-ID: <20250106100000.12345@mail.example.com>',
  'List-Unsubscribe: <https://example.com/unsubscribe?id=42>, <mailto:leave@example.com>',
  'X-Mailer: Example Mailer 2.1',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer-boundary"',
  '',
  'This is a multi-part message in MIME format.',
  '',
  '--outer-boundary',
  'Content-Type: multipart/alternative; boundary="inner-boundary"',
  '',
  '--inner-boundary',
  'Content-Type: text/plain; charset="utf-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hello Reader,',
  '',
  'Here is your weekly =C3=BCbersicht. Read more at https://www.example.com/news?id=3D42',
  'or write to support@example.com. Call +1 555 0100 before 5 PM!',
  '',
  'Click here: http://192.0.2.44/offer and www.example.org/deal',
  '--inner-boundary',
  'Content-Type: text/html; charset="iso-8859-1"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<!DOCTYPE html><html><head><title>News</title><style>p { color: #333333; }</style></head>',
  '<body bgcolor=3D"#ffffff"><table width=3D"600"><tr><td>',
  '<p style=3D"font-size:14px">Hello <b>Reader</b>, here is your weekly =FCbersicht.</p>',
  '<p><a href=3D"https://www.example.com/news?id=3D42">Read more</a> |',
  ' <a href=3D"http://example.net/redirect?url=3Dhttp%3A%2F%2Fexample.org%2F">Offers</a> |',
  ' <a href=3D"mailto:support@example.com">Contact</a></p>',
  '<img src=3D"cid:logo@example.com" width=3D"1" height=3D"1" alt=3D"logo">',
  '<font color=3D"#fefefe" size=3D"1">small print</font>',
  '<p>&copy; 2025 Example &amp; Co. &nbsp; <i>All rights reserved.</i></p>',
  '</td></tr></table></body></html>',
  '--inner-boundary--',
  '',
  '--outer-boundary',
  'Content-Type: image/gif; name="logo.gif"',
  'Content-Transfer-Encoding: base64',
  'Content-ID: <logo@example.com>',
  'Content-Disposition: inline; filename="logo.gif"',
  '',
  B64_GIF,
  '--outer-boundary',
  'Content-Type: application/pdf; name="terms.pdf"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="terms.pdf"',
  '',
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1').toString('base64'),
  '--outer-boundary--',
  '',
].join('\n');

/** A plain-text message, CRLF line endings, no MIME headers, a forwarded part and a signature. */
const PLAIN_MAIL = [
  'Received: from relay.example.org (relay.example.org [203.0.113.5]) by mx.example.net (8.17.1/8.17.1) with ESMTP id 506A0x1A012345 for <reader@example.net>; Mon, 6 Jan 2025 11:00:00 GMT',
  'Received: (qmail 12345 invoked by uid 89); 6 Jan 2025 10:59:59 -0000',
  'From: "A. Sender" <sender@example.org>',
  'To: reader@example.net',
  'Subject: Re: meeting notes (draft)',
  'Date: 6 Jan 2025 10:59:58 -0000',
  'Message-Id: <abc.123@relay.example.org>',
  'In-Reply-To: <xyz.789@example.net>',
  'References: <xyz.789@example.net>',
  'User-Agent: Example/1.0',
  '',
  'Hi,',
  '',
  '> On Friday you wrote:',
  '> can you send the notes?',
  '',
  'Sure - attached below. The budget is $1,000,000 USD; see ftp://files.example.org/notes.txt',
  'FREE!!! 100% GUARANTEED  -- not really, just testing   the spacing.',
  '',
  '-- ',
  'A. Sender',
  '',
].join('\r\n');

/** The warm-up messages, as byte strings (Latin-1, one char per byte). */
export const WARM_UP_MESSAGES: readonly string[] = [HTML_MAIL, PLAIN_MAIL];
