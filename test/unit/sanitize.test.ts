// Unit tests for server/deck/sanitize.ts: what deck HTML may keep and what it loses.
// Run: npx tsx --test test/unit/sanitize.test.ts
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  IFRAME_SANDBOX,
  hasScriptScheme,
  isDangerousStyle,
  mergeClasses,
  sanitizeSlideAttributes,
  sanitizeSlideHtml as clean,
} from '../../server/deck/sanitize.ts';

const sandbox = `sandbox="${IFRAME_SANDBOX}"`;

describe('scripts and handlers', () => {
  test('event handlers go, the element stays', () => {
    assert.equal(clean('<img src=x onerror=alert(1)>'), '<img src="x" />');
    assert.equal(clean('<svg onload="alert(1)"><circle r="1" onclick="x()"/></svg>'), '<svg><circle r="1"></circle></svg>');
    assert.equal(clean('<table><tr><td colspan="2" ONMOUSEOVER="x">c</td></tr></table>'), '<table><tr><td colspan="2">c</td></tr></table>');
  });

  test('script, style, object, embed, template, noscript, mglyph go with their content; MathML keeps only its inert elements', () => {
    assert.equal(clean('<script>alert(1)</script><svg><script>alert(2)</script></svg>'), '<svg></svg>');
    assert.equal(clean('<style>body { display: none }</style><p>after</p>'), '<p>after</p>');
    assert.equal(clean('<object data="x.swf">fallback</object><embed src="x.swf">'), '');
    assert.equal(clean('<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'), '<math><mtext><table></table></mtext></math>');
    assert.equal(clean('<template><img src=x onerror=alert(1)></template><noscript><p>n</p></noscript>'), '');
    assert.equal(clean('<svg><foreignObject><p>x</p></foreignObject><set attributeName="href" to="javascript:alert(1)"/><animate/></svg>'), '<svg></svg>');
  });

  test('page-level elements go: meta, base, link, form and its controls', () => {
    assert.equal(clean('<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"><link rel="stylesheet" href="x.css">'), '');
    assert.equal(clean('<form action="https://evil.example"><input name="pw" type="password"><button formaction="javascript:x">Go</button><select><option>o</option></select><textarea>t</textarea></form>'), 'Go');
  });

  test('comments, CDATA and processing instructions go', () => {
    assert.equal(clean('<p>a<!-- c -->b</p><![CDATA[x]]><?php echo 1 ?>'), '<p>ab</p>');
  });
});

describe('URLs', () => {
  test('script schemes are removed however they are spelled', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      '&#0000106;avascript:alert(1)',
      '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)',
      'javascript&colon;alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      assert.equal(clean(`<a href="${href}">x</a>`), '<a>x</a>', href);
    }
  });

  test('http, https, mailto, tel, relative and fragment links stay', () => {
    const html = '<a href="https://e.com">1</a><a href="http://e.com">2</a><a href="mailto:a@b.c">3</a><a href="tel:+1">4</a><a href="../x.html">5</a><a href="#/3">6</a>';
    assert.equal(clean(html), html);
  });

  test('target=_blank gets rel=noopener', () => {
    assert.equal(clean('<a href="https://e.com" target="_blank">x</a>'), '<a href="https://e.com" target="_blank" rel="noopener noreferrer">x</a>');
  });

  test('images: http(s), relative and data:image/* only', () => {
    assert.equal(clean('<img src="data:image/png;base64,AAAA" alt="a">'), '<img src="data:image/png;base64,AAAA" alt="a" />');
    assert.equal(clean('<img src="data:text/html,x" alt="a">'), '<img alt="a" />');
    assert.equal(clean('<img src="img/a.png" srcset="a.png 1x, b.png 2x" width="10" alt="">'), '<img src="img/a.png" srcset="a.png 1x, b.png 2x" width="10" alt="" />');
    assert.equal(clean('<picture><source srcset="javascript:alert(1) 2x" type="image/webp"><img src="a.png" alt="a"></picture>'), '<picture><source type="image/webp" /><img src="a.png" alt="a" /></picture>');
  });

  test('other URL attributes are checked too', () => {
    assert.equal(clean('<video poster="javascript:alert(1)" src="v.mp4"></video>'), '<video src="v.mp4"></video>');
    assert.equal(clean('<blockquote cite="javascript:x">q</blockquote>'), '<blockquote>q</blockquote>');
    assert.equal(clean('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'), '<svg><a><text>x</text></a></svg>');
  });
});

describe('reveal.js data attributes', () => {
  test('data-* stay', () => {
    const html = '<p class="fragment" data-fragment-index="2" data-id="box" data-auto-animate>x</p>';
    assert.equal(clean(html), html);
  });

  test('data-* values with script or non-image data: URLs go (reveal turns them into URLs)', () => {
    assert.equal(clean('<img data-src="javascript:alert(1)" src="a.png">'), '<img src="a.png" />');
    assert.equal(clean('<a href="https://e.com" data-preview-link="javascript:alert(1)">p</a>'), '<a href="https://e.com">p</a>');
    assert.equal(clean('<video data-src="data:text/html,x"></video>'), '<video></video>');
    assert.equal(clean('<img data-src="data:image/png;base64,AAAA">'), '<img data-src="data:image/png;base64,AAAA" />');
  });

  test('data-markdown / data-external (client-side markdown loading) go', () => {
    assert.equal(clean('<div data-markdown="https://evil.example/x.md" data-external="y">d</div>'), '<div>d</div>');
  });

  test('<section> is unwrapped (the slide is the section)', () => {
    assert.equal(clean('<section data-x="1"><p>p</p></section>'), '<p>p</p>');
  });
});

describe('iframes (kept, sandboxed, absolute http(s) only)', () => {
  test('an https embed keeps its src and size but always gets our sandbox', () => {
    assert.equal(
      clean('<iframe src="https://www.youtube.com/embed/x" width="560" height="315" allowfullscreen sandbox="allow-top-navigation" onload="x()"></iframe>'),
      `<iframe src="https://www.youtube.com/embed/x" width="560" height="315" allowfullscreen ${sandbox}></iframe>`,
    );
  });

  test('relative, javascript: and srcdoc iframes lose their content source', () => {
    assert.equal(clean('<iframe src="/decks/x.html"></iframe>'), `<iframe ${sandbox}></iframe>`);
    assert.equal(clean('<iframe src="javascript:alert(1)"></iframe>'), `<iframe ${sandbox}></iframe>`);
    assert.equal(clean('<iframe srcdoc="<script>alert(1)</script>"></iframe>'), `<iframe ${sandbox}></iframe>`);
    assert.equal(clean('<iframe data-src="demo.html"></iframe>'), `<iframe ${sandbox}></iframe>`);
    assert.equal(clean('<iframe data-src="https://e.com/lazy"></iframe>'), `<iframe data-src="https://e.com/lazy" ${sandbox}></iframe>`);
  });

  test('allow= keeps only harmless permissions', () => {
    assert.equal(
      clean('<iframe src="https://e.com" allow="autoplay; camera *; fullscreen; microphone; geolocation"></iframe>'),
      `<iframe src="https://e.com" allow="autoplay; fullscreen" ${sandbox}></iframe>`,
    );
  });
});

describe('styles', () => {
  test('style attributes stay, normalized', () => {
    assert.equal(clean('<div style="color: red; font-size: 2em">x</div>'), '<div style="color:red;font-size:2em">x</div>');
  });

  test('script-ish styles go', () => {
    for (const style of [
      'background: url(javascript:alert(1))',
      'background: url(&quot;javascript:alert(1)&quot;)',
      'background: u\\72l(ja\\76ascript:alert(1))',
      'width: expression(alert(1))',
      '-moz-binding: url(x.xml#y)',
      'background: url(data:text/html,x)',
    ]) {
      assert.equal(clean(`<div style="${style}">x</div>`), '<div>x</div>', style);
    }
    assert.equal(isDangerousStyle('background-image: url(data:image/png;base64,AAAA)'), false);
  });
});

describe('structure that must survive', () => {
  test('tables, details, figures, media', () => {
    for (const html of [
      '<table class="t"><thead><tr><th align="right" scope="col">h</th></tr></thead><tbody><tr><td rowspan="2" style="color:blue">c</td></tr></tbody></table>',
      '<details open><summary>More</summary><p>hidden</p></details>',
      '<figure><img src="a.png" alt="" /><figcaption>cap</figcaption></figure>',
      '<video src="v.mp4" controls autoplay muted loop playsinline poster="p.png" data-autoplay></video>',
      '<video controls><source src="v.webm" type="video/webm" /><track src="c.vtt" kind="captions" srclang="en" label="English" default /></video>',
      '<audio src="a.mp3" controls></audio>',
      '<span class="a b" id="c" title="t" aria-label="l" role="note">z</span>',
      '<h3>h</h3><blockquote><p>q</p></blockquote><pre><code class="hljs language-js"><span class="hljs-keyword">const</span></code></pre>',
      '<p><kbd>K</kbd><mark>m</mark><sub>2</sub><sup>3</sup><del>d</del><ins>i</ins><s>s</s><small>x</small></p>',
    ]) {
      assert.equal(clean(html), html);
    }
  });

  test('svg shapes with their presentational attributes', () => {
    const html =
      '<svg viewBox="0 0 10 10" width="100" class="diagram"><defs><linearGradient id="g"><stop offset="0" stop-color="red" /></linearGradient></defs>' +
      '<g transform="translate(1 1)"><path d="M0 0L1 1" stroke="black" stroke-width="2" fill="none" /><circle cx="1" cy="1" r="1" fill="url(#g)" />' +
      '<rect x="0" y="0" width="1" height="1" rx="0.2" /><line x1="0" y1="0" x2="1" y2="1" /><polyline points="0 0 1 1" /><polygon points="0,0 1,1 0,1" />' +
      '<ellipse cx="1" cy="1" rx="1" ry="2" /><text x="1" y="1" text-anchor="middle" font-size="2">t<tspan dy="1">s</tspan></text><use href="#g" /></g></svg>';
    const out = clean(html);
    // htmlparser2 lowercases names; browsers restore SVG's camelCase when parsing the output.
    assert.match(out, /^<svg viewbox="0 0 10 10" width="100" class="diagram"><defs><lineargradient id="g"><stop offset="0" stop-color="red"><\/stop><\/lineargradient><\/defs>/);
    assert.match(out, /<path d="M0 0L1 1" stroke="black" stroke-width="2" fill="none"><\/path>/);
    assert.match(out, /<circle cx="1" cy="1" r="1" fill="url\(#g\)"><\/circle>/);
    assert.match(out, /<rect x="0" y="0" width="1" height="1" rx="0.2"><\/rect>/);
    assert.match(out, /<polygon points="0,0 1,1 0,1"><\/polygon>/);
    assert.match(out, /<text x="1" y="1" text-anchor="middle" font-size="2">t<tspan dy="1">s<\/tspan><\/text>/);
    assert.match(out, /<use href="#g"><\/use>/);
  });

  test('<use> may only reference the same document', () => {
    assert.equal(clean('<svg><use href="https://evil.example/s.svg#x"/><use xlink:href="data:image/svg+xml,x#y"/><use xlink:href="#ok"/></svg>'), '<svg><use></use><use></use><use xlink:href="#ok"></use></svg>');
  });

  test('task-list checkboxes stay (disabled); other inputs go', () => {
    assert.equal(clean('<input type="checkbox" checked onclick="x()"><input type="text" value="x"><input type="checkbox">'), '<input type="checkbox" disabled checked /><input type="checkbox" disabled />');
  });

  test('name= (DOM clobbering) goes', () => {
    assert.equal(clean('<img name="getElementById" src="a.png"><a name="x">a</a>'), '<img src="a.png" /><a>a</a>');
  });
});

describe('the pages’ namespace and the page around the slide', () => {
  test('ids in the namespace are renamed, with every reference to them; others stay', () => {
    assert.equal(clean('<a id="lectern-data" href="#lectern-data">a</a><a href="#/lectern-x">b</a><p id="intro">c</p>'), '<a id="author-lectern-data" href="#author-lectern-data">a</a><a href="#/author-lectern-x">b</a><p id="intro">c</p>');
    assert.equal(clean('<p id="LECTERN-x" aria-labelledby="lectern-a intro" aria-describedby="lectern-b">d</p>'), '<p id="author-LECTERN-x" aria-labelledby="author-lectern-a intro" aria-describedby="author-lectern-b">d</p>');
    assert.equal(clean('<table><tr><td headers="lectern-h">c</td></tr></table>'), '<table><tr><td headers="author-lectern-h">c</td></tr></table>');
    assert.equal(clean('<svg><use href="#lectern-g"/><rect fill="url(#lectern-g)"/></svg>'), '<svg><use href="#author-lectern-g"></use><rect fill="url(#author-lectern-g)"></rect></svg>');
    assert.equal(clean('<a href="https://e.com/#lectern-x">e</a>'), '<a href="https://e.com/#lectern-x">e</a>', 'another page’s fragment');
  });

  test('data-lectern-* and data-notes go', () => {
    assert.equal(clean('<p data-lectern-h="3" data-notes="secret" data-x="1">p</p>'), '<p data-x="1">p</p>');
    assert.deepEqual(sanitizeSlideAttributes([['data-lectern-h', '9'], ['data-notes', 'secret'], ['id', 'lectern-deck']]), { id: 'author-lectern-deck' });
  });

  test('links open here or in a new tab, never in a named window', () => {
    assert.equal(clean('<a href="/" target="lectern-audience">a</a><a href="/" target="_top">b</a>'), '<a href="/">a</a><a href="/">b</a>');
  });
});

describe('slide attributes', () => {
  test('only data-*, class, id and style; classes merge', () => {
    assert.deepEqual(
      sanitizeSlideAttributes([
        ['data-background-color', '#000'],
        ['class', 'a'],
        ['class', 'b a'],
        ['id', 'intro'],
        ['style', 'color: red'],
        ['onclick', 'x()'],
        ['title', 't'],
        ['href', 'https://e.com'],
        ['DATA-STATE', 'intro'],
        ['data-x"y', 'z'],
      ]),
      { 'data-background-color': '#000', class: 'a b', id: 'intro', style: 'color: red', 'data-state': 'intro' },
    );
  });

  test('values with javascript: go, whatever the attribute', () => {
    assert.deepEqual(
      sanitizeSlideAttributes([
        ['data-background-iframe', 'javascript:alert(1)'],
        ['data-background-image', 'JAVASCRIPT:alert(1)'],
        ['data-background-video', 'java\nscript:alert(1)'],
        ['id', 'javascript:x'],
        ['class', 'javascript:x'],
        ['style', 'background: url(javascript:alert(1))'],
        ['data-background', 'data:text/html,<script>alert(1)</script>'],
        ['data-markdown', 'https://evil.example/x.md'],
      ]),
      {},
    );
  });

  test('backgrounds: images (also data:image), videos, http(s) iframes only', () => {
    assert.deepEqual(
      sanitizeSlideAttributes([
        ['data-background-image', 'img/bg.png'],
        ['data-background-video', 'v.mp4'],
        ['data-background-iframe', 'https://example.com'],
        ['data-background', 'data:image/png;base64,AAAA'],
      ]),
      {
        'data-background-image': 'img/bg.png',
        'data-background-video': 'v.mp4',
        'data-background-iframe': 'https://example.com',
        'data-background': 'data:image/png;base64,AAAA',
      },
    );
    assert.deepEqual(sanitizeSlideAttributes([['data-background-iframe', 'local.html']]), {});
  });
});

test('helpers', () => {
  assert.equal(mergeClasses('a  b', 'b c'), 'a b c');
  assert.equal(mergeClasses('', ''), '');
  assert.equal(hasScriptScheme(' Java\u0000Script:x'), true);
  assert.equal(hasScriptScheme('https://example.com/javascript'), false);
});

describe('what authors hide stays hidden', () => {
  test('a bare or empty `hidden` attribute is kept', () => {
    assert.equal(clean('<div hidden>x</div><p hidden="">y</p>'), '<div hidden="">x</div><p hidden="">y</p>');
  });
});
