/**
 * HTML rendering and metadata as HTML.pm produces them. Expected values were produced by
 * running Perl SpamAssassin 4.0.1's `Mail::SpamAssassin::HTML->new(1,1)->parse($html)` and
 * reading `get_rendered_text()`, `get_rendered_text(invisible => 0|1)` and `get_results()`.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/message/html/index.js';

const text = (html: string, utf8 = false) => renderHtml(html, utf8).rendered.text;
const results = (html: string, utf8 = false) => renderHtml(html, utf8).results;
const sortedInside = (m: Map<string, number>) => Object.fromEntries([...m].sort());

describe('rendering text', () => {
  it('turns br/div into newlines, p/h1/title into blank lines and li/td into spaces', () => {
    expect(text('<div>a</div><div>b</div>c<br>d<p>e</p>f<li>g<td>h</td><h1>i</h1>')).toBe('\na\n\nb\nc\nd\n\ne\n\nf g h  i ');
  });

  it('renders the title into the text, drops style and keeps script text apart', () => {
    const html =
      '<html><head><title>My Title</title><style>p {}</style><script>var s = "<b>";</script></head><body>text</body></html>';
    const r = renderHtml(html, false);
    expect(r.rendered.text).toBe('\n\nMy Title\n\ntext');
    expect(r.results.title).toEqual(['My Title']);
    expect(r.results.script).toEqual(['var s = "<b>";']);
  });

  it('reads &nbsp; as a space and Unicode double quotes as ASCII quotes (even in attributes)', () => {
    const r = renderHtml('a&nbsp;&nbsp;b \u201cq\u201d <a href=\u201chttp://x.example/\u201d>l</a>', true);
    expect(r.rendered.text).toBe('a b "q" l');
    expect(r.results.uri).toEqual(['http://x.example/']);
  });

  it('treats <tag/> as <tag>', () => {
    expect(text('a<br/>b<br />c<p/>d')).toBe('a\nb\nc\n\nd');
  });

  it('keeps invisible text in the rendered text but not in the visible one', () => {
    const html =
      '<body bgcolor="#ffffff"><font color="#ffffff">white</font> <font color="#fefefe">near</font> <span style="display:none">none</span> ' +
      '<font size=1>tiny</font> <font color="nonsense">bad</font> <span style="color: rgb(255,255,255)">rgb</span> shown</body>';
    const r = renderHtml(html, false);
    expect(r.rendered.text).toBe('white near none tiny bad rgb shown');
    expect(r.visible.text).toBe('      shown');
    expect(r.invisible.text).toBe('whitenearnonetinybadrgb');
    expect([r.results.font_low_contrast, r.results.font_invalid_color, r.results.min_size]).toEqual([1, 1, 1]);
  });
});

describe('HTML::Parser tokenizing', () => {
  it('decodes entities like HTML::Parser: prefixes without semicolon, Latin-1 names only without it', () => {
    const r = renderHtml('&eacute;&Eacute &Alpha; &Alpha &ampx &lt;b&gt; &#65;&#x42; &#0; &#xFFFE; &#55357;&#56832; &euro', false);
    expect(r.rendered.text).toBe('\xe9\xc9 \u0391 &Alpha &x <b> AB &#0; &#xFFFE; \ud83d\ude00 &euro');
    // a reference above U+00FF makes Perl's string a character string
    expect(r.rendered.utf8).toBe(true);
  });

  it('reads comments, <!...> and </ ...> as comments, a doctype as a declaration, <?...> as nothing', () => {
    const r = renderHtml('a<!-- c1 -->b<!-- x -- y -->c<!>d<!DOCTYPE html>e<?pi x?>f</ g>h', false);
    expect(r.rendered.text).toBe('abcdefh');
    expect(r.results.comment).toEqual(['<!-- c1 -->', '<!-- x -- y -->', '<!>', '</ g>']);
    expect(sortedInside(r.results.inside)).toEqual({ '!doctype': 0 });
  });

  it('turns an unterminated comment or tag quote into a comment running to the end', () => {
    expect(results('text <!-- never closed').comment).toEqual(['<!-- never closed']);
    expect(text('text <!-- never closed')).toBe('text ');
    expect(text('before <a href="x>swallowed</a> after')).toBe('before ');
  });

  it('keeps CDATA sections raw, drops IGNORE sections and reads <![if ...]> as comments', () => {
    const r = renderHtml('a <![CDATA[ x &amp; <b>y</b> ]]> b <![if !mso]>c<![endif]> <![IGNORE[ hidden ]]> d', false);
    expect(r.rendered.text).toBe('a  x &amp; <b>y</b>  b c  d');
    expect(r.results.comment).toEqual(['<![if !mso]>', '<![endif]>']);
  });

  it('reads xmp content raw, textarea and title content with entities, and closes a dangling title at the end', () => {
    const r = renderHtml('<xmp><b>raw</b></xmp><textarea>&amp;t</textarea><title>t1</title><title>t2', false);
    expect(r.rendered.text).toBe('\n\n<b>raw</b>\n\n&t\n\nt1\n\n\n\nt2\n\n');
    expect(r.results.title).toEqual(['t1', 't2']);
  });

  it('drops the content of an unclosed <style>', () => {
    expect(text('shown <style>p{} never closed')).toBe('shown ');
  });
});

describe('metadata', () => {
  it('collects URIs resolved against <base>, anchors and image areas', () => {
    const r = renderHtml(
      '<base href="http://base.example/dir/index.html"><a href="page.html">one</a> <a href="/abs">two <img src="i.gif" width="50%" height="10"></a> ' +
        '<a>none</a> <img src=x> <form action="mailto:me@x"><iframe src="//www.frame.example/f">',
      false,
    );
    expect([...r.results.uri].sort()).toEqual([
      '', '/abs', 'http://base.example/abs', 'http://base.example/dir/i.gif', 'http://base.example/dir/index.html',
      'http://base.example/dir/page.html', 'http://base.example/dir/x', 'http://www.frame.example/f', 'mailto:me@x', 'page.html',
    ]);
    expect(r.results.anchor).toEqual(['one', 'two <img>\n', 'none']);
    expect(r.results.uri_detail?.get('page.html')?.anchor_text).toEqual(['one']);
    expect([...(r.results.uri_detail?.get('http://base.example/dir/page.html')?.types ?? [])]).toEqual(['a']);
    expect(r.results.image_area).toBe(4000);
    expect(r.results.form_action_mailto).toBe(1);
  });

  it('reads meta refresh URLs, odd font faces and embeds', () => {
    const r = renderHtml(
      '<meta http-equiv="refresh" content="5; URL=http://r.example/go"><meta http-equiv="Content-Type" content="text/html; charset=big5">' +
        '<font face="Arial, Helvetica">f</font><font face="@@">g</font><embed src=e>',
      false,
    );
    expect([...r.results.uri].sort()).toEqual(['e', 'http://r.example/go']);
    expect([r.results.font_face_bad, r.results.embeds]).toEqual([1, 1]);
    expect(r.results.bad_tag_ratio).toBeCloseTo(0.142857142857143, 12);
  });

  it('counts open tags, closing tags without an opener, and non-elements', () => {
    const r = renderHtml('<html><body><p>x</p></p></b><o:p>y</o:p><foo>z</foo><st1:place>w</st1:place></body></html>', false);
    expect(r.rendered.text).toBe('\n\nx\n\n\n\nyzw');
    expect(sortedInside(r.results.inside)).toEqual({ b: 0, body: 0, foo: 0, html: 0, 'o:p': 0, p: 0, 'st1:place': 0 });
    expect(r.results.closed_extra_ratio).toBeCloseTo(1 / 7, 12);
    expect(r.results.non_element_ratio).toBeCloseTo(1 / 7, 12);
  });

  it('measures words split by tags (obfuscation and backhair)', () => {
    const r = renderHtml('V<b>i</b>agra and hel<i>lo</i> w<u>or</u>ld', false);
    expect(r.rendered.text).toBe('Viagra and hello world');
    expect(r.results.backhair_count).toBe(5);
    expect(r.results.obfuscation_ratio).toBeCloseTo(5 / 6, 12);
  });
});
