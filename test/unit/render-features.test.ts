// Math (KaTeX on the server), mermaid placeholders and reveal.js code line steps, and what the
// sanitizer lets through of them. Run: npx tsx --test test/unit/render-features.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { parseDeck } from '../../server/deck/parse.ts';
import { findMath } from '../../server/deck/math.ts';
import { parseSteps, splitHighlightedLines } from '../../server/deck/line-numbers.ts';
import { sanitizeSlideHtml } from '../../server/deck/sanitize.ts';

const html = (markdown: string) => parseDeck(markdown).slides[0].html;
const elements = (markup: string | Element, name: string) =>
  findAll((e) => e.name === name, typeof markup === 'string' ? parseDocument(markup).children : markup.children) as Element[];
const formulas = (markup: string) => (markup.match(/<span class="katex">/g) ?? []).length;

describe('math', () => {
  test('$…$, $$…$$, \\(…\\) and \\[…\\] render with KaTeX, MathML included', () => {
    const deck = parseDeck('# M\n\n$x^2$ and $$\\frac{a}{b}$$ and \\\\(y_1\\\\) and \\\\[z\\\\]\n');
    const out = deck.slides[0].html;
    assert.equal(formulas(out), 4);
    assert.equal((out.match(/<span class="katex-display">/g) ?? []).length, 2);
    const tex = elements(out, 'annotation').map((a) => textContent(a));
    assert.deepEqual(tex, ['x^2', '\\frac{a}{b}', 'y_1', 'z']);
    assert.equal(elements(out, 'math').length, 4);
    assert.equal(deck.features.math, true);
  });

  test('prices stay text: "$5 and $10", "costs $5, or $ 7"', () => {
    for (const text of ['$5 and $10', 'costs $5, or $ 7', 'from $3 to $4.50']) {
      assert.equal(formulas(html(text)), 0, text);
      assert.deepEqual(findMath(text), [text]);
    }
    assert.equal(parseDeck('$5 and $10').features.math, false);
  });

  test('spaces inside $…$ are fine when the text between is TeX ("$ \\alpha $"), as MathJax decks write', () => {
    assert.equal(formulas(html('$ \\color{orange} X\\succcurlyeq 0 $ means that $X$ is')), 2);
  });

  test('no math in code blocks, nor in code spans with anything but one formula', () => {
    const out = html('`$x$ and $y$` and `echo $HOME$` and\n\n```\n$$y$$\n```\n\n<pre>$z$</pre>');
    assert.equal(formulas(out), 0);
    assert.match(out, /<code>\$x\$ and \$y\$<\/code>/);
  });

  test('a code span holding one formula is math, as reveal.js renders it (decks keep markdown off their TeX so)', () => {
    const out = html('Where `$$ X_{n+1} = \\left( a X_n + c \\right)\\bmod m $$` and `$\\frac{1}{2}$`');
    assert.equal(formulas(out), 2);
    assert.deepEqual(elements(out, 'annotation').map((a) => textContent(a)), [' X_{n+1} = \\left( a X_n + c \\right)\\bmod m ', '\\frac{1}{2}']);
    assert.equal(elements(out, 'code').length, 0);
  });

  test('a formula KaTeX cannot read shows as text and warns at the slide', () => {
    const deck = parseDeck('# A\n---\n# B\n\n$\\frac{a}{$ and $\\notacommand$\n');
    assert.match(deck.slides[1].html, /katex-error/);
    assert.deepEqual(deck.warnings.map((w) => w.line), [3, 3]);
    assert.match(deck.warnings[0].message, /math KaTeX could not read/);
  });

  test('MathJax\'s \\require{color} is dropped (KaTeX has \\color built in)', () => {
    const deck = parseDeck('$$\\require{color}\\color{red} x$$');
    assert.deepEqual(deck.warnings, []);
  });

  test('hostile TeX: \\href, \\url, \\htmlClass, \\includegraphics get nothing through', () => {
    const out = html('$\\href{javascript:alert(1)}{x}$ $\\url{javascript:alert(2)}$ $\\htmlClass{evil}{y}$ $\\htmlStyle{background:url(x)}{z}$ $\\includegraphics{x.png}$');
    const all = findAll(() => true, parseDocument(out).children);
    assert.deepEqual(all.filter((e) => e.name === 'a' || e.name === 'img').length, 0);
    for (const e of all) {
      assert.ok(!('href' in e.attribs) && !('src' in e.attribs), e.name);
      assert.doesNotMatch(e.attribs.class ?? '', /evil/);
      assert.doesNotMatch(e.attribs.style ?? '', /url\(/);
    }
    assert.equal(formulas(out), 5);
  });

  test('math in a title reads as its TeX', () => {
    assert.equal(parseDeck('# Area $\\pi r^2$').slides[0].title, 'Area \\pi r^2');
  });

  test('KaTeX is loaded by the first deck with math, not before', () => {
    // A fresh process: this one has loaded KaTeX already.
    const script = [
      "import { createRequire } from 'node:module';",
      "import { parseDeck } from './server/deck/parse.ts';",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/katex/'));",
      "parseDeck('# A\\n\\n- $5 and $10\\n');",
      'const before = loaded();',
      "parseDeck('# A\\n\\n$x$\\n');",
      'console.log(before, loaded());',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(out.trim(), 'false true');
  });
});

describe('sanitizer and MathML', () => {
  test('KaTeX\'s MathML elements and attributes survive; HTML inside MathML does not get in', () => {
    const kept = sanitizeSlideHtml('<math display="block"><semantics><mrow><mi mathvariant="normal">x</mi><mo stretchy="false">(</mo></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math>');
    assert.equal(kept, '<math display="block"><semantics><mrow><mi mathvariant="normal">x</mi><mo stretchy="false">(</mo></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math>');
    const hostile = [
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
      '<math href="javascript:alert(1)"><mi xlink:href="javascript:alert(1)">x</mi></math>',
      '<math><maction actiontype="statusline">x<mtext>javascript:alert(1)</mtext></maction></math>',
      '<math><mi><xmp></mi><img src=x onerror=alert(1)></xmp></mi></math>',
    ];
    for (const attack of hostile) {
      const out = sanitizeSlideHtml(attack);
      assert.doesNotMatch(out, /onerror|<img|<style|annotation-xml|mglyph|maction|href=/i, attack);
    }
  });
});

describe('mermaid', () => {
  test('a ```mermaid fence is a placeholder holding the source as escaped text', () => {
    const deck = parseDeck('# D\n\n```mermaid\ngraph TD; A-->B["<img src=x onerror=alert(1)>"]\n```\n');
    assert.equal(deck.slides[0].html, '<h1>D</h1>\n<pre class="mermaid">graph TD; A--&gt;B["&lt;img src=x onerror=alert(1)&gt;"]</pre>');
    assert.equal(deck.features.mermaid, true);
    assert.equal(parseDeck('# D').features.mermaid, false);
  });

  test('front matter mermaid: known keys of plain data kept; securityLevel and CSS refused', () => {
    const deck = parseDeck('---\nmermaid:\n  theme: dark\n  flowchart: { curve: basis }\n  securityLevel: loose\n  themeCSS: "x"\n  nonsense: 1\n---\n# A');
    assert.deepEqual(deck.meta.mermaid, { theme: 'dark', flowchart: { curve: 'basis' } });
    assert.equal(deck.warnings.length, 3);
    assert.ok(deck.warnings.every((w) => w.line === 2 && /^front matter "mermaid"/.test(w.message)));
  });
});

describe('code line steps', () => {
  test('parseSteps follows reveal.js', () => {
    assert.deepEqual(parseSteps('1|2-3|4,8-11'), [[{ start: 1 }], [{ start: 2, end: 3 }], [{ start: 4 }, { start: 8, end: 11 }]]);
    assert.deepEqual(parseSteps(''), [[{}]]);
    assert.deepEqual(parseSteps('|1'), [[{}], [{ start: 1 }]]);
  });

  test('highlighted spans are closed and reopened across line breaks', () => {
    assert.deepEqual(splitHighlightedLines('a<span class="c">/* x\ny */</span>b\n'), ['a<span class="c">/* x</span>', '<span class="c">y */</span>b']);
  });

  test('```js [1|2-3|4] numbers the lines and makes each later step a fragment', () => {
    const deck = parseDeck('```js [1|2-3|4]\nlet a;\nlet b;\nlet c;\nlet d;\n```\n');
    const codes = elements(deck.slides[0].html, 'code');
    assert.equal(codes.length, 3);
    assert.deepEqual(codes.map((c) => getAttributeValue(c, 'data-line-numbers')), ['1', '2-3', '4']);
    assert.deepEqual(codes.map((c) => getAttributeValue(c, 'class')), ['hljs language-js has-highlights', 'hljs language-js has-highlights fragment', 'hljs language-js has-highlights fragment']);
    const marked = codes.map((c) => elements(c, 'tr').map((tr) => (getAttributeValue(tr, 'class') === 'highlight-line' ? 1 : 0)).join(''));
    assert.deepEqual(marked, ['1000', '0110', '0001']);
    assert.equal(elements(deck.slides[0].html, 'pre').length, 1);
    assert.equal(deck.features.lineNumbers, true);
  });

  test('```js [2-4] and [] and the offset form [123: 1|2]', () => {
    const one = elements(html('```py [2-4]\na\nb\nc\nd\ne\n```'), 'code');
    assert.equal(one.length, 1);
    assert.equal(elements(html('```py []\na\nb\n```'), 'tr').filter((tr) => getAttributeValue(tr, 'class')).length, 0);
    const offset = html('```c [123: 1|2]\nint a;\nint b;\n```');
    assert.deepEqual(elements(offset, 'div').slice(0, 2).map((d) => textContent(d)), ['123', '124']);
    assert.match(offset, /data-ln-start-from="123"/);
  });

  test('raw HTML <code data-line-numbers> (data-trim) steps the same way; fragment indices continue', () => {
    const out = html('<pre><code class="hljs js" data-trim data-line-numbers="1|2" data-fragment-index="3">\n    let a;\n    let b;\n</code></pre>');
    const codes = elements(out, 'code');
    assert.equal(codes.length, 2);
    assert.equal(getAttributeValue(codes[0], 'data-fragment-index'), undefined);
    assert.equal(getAttributeValue(codes[1], 'data-fragment-index'), '3');
    assert.deepEqual(elements(out, 'td').filter((_, i) => i % 2 === 1).slice(0, 2).map((td) => textContent(td)), ['let a;', 'let b;']);
  });
});
