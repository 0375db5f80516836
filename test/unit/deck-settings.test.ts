// Deck settings from front matter and reveal-md's config files: theme, highlightTheme, css,
// revealOptions, slide size, warnings, and reveal-md's precedence.
// Run: npx tsx --test test/unit/deck-settings.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDeck } from '../../server/deck/parse.ts';
import { mergeConfigFiles, type DeckConfigFiles } from '../../server/deck/config-files.ts';
import { HIGHLIGHT_STYLES } from '../../server/deck/highlight-styles.ts';
import { projectRoot } from '../../server/config.ts';

const front = (yaml: string, config?: DeckConfigFiles) => parseDeck(`---\n${yaml}\n---\n# A\n`, { config });
const messages = (deck: ReturnType<typeof parseDeck>) => deck.warnings.map((w) => w.message);

describe('theme, highlightTheme, css', () => {
  test('reveal.js theme names; a .css in the deck folder is a theme stylesheet; anything else warns', () => {
    assert.equal(front('theme: night').meta.theme, 'night');
    assert.equal(front('theme: white-contrast').meta.theme, 'white-contrast');
    const css = front('theme: ./theme/arte.css');
    assert.equal(css.meta.themeCss, 'theme/arte.css');
    assert.equal(css.meta.theme, 'lectern');
    const typo = front('theme: drakula');
    assert.equal(typo.meta.theme, 'lectern');
    assert.match(messages(typo)[0], /^front matter "theme" "drakula" is not a theme .*did you mean "dracula"\?/);
    assert.equal(typo.warnings[0].line, 2);
    for (const remote of ['https://cdn.example/t.css', '../outside.css', '/etc/x.css']) {
      const deck = front(`theme: "${remote}"`);
      assert.equal(deck.meta.themeCss, undefined, remote);
      assert.equal(deck.warnings.length, 1, remote);
    }
  });

  test('highlightTheme: highlight.js 11 names; highlight.js 10 names of base16 styles are mapped', () => {
    assert.equal(front('highlightTheme: monokai-sublime').meta.highlightTheme, 'monokai-sublime');
    assert.equal(front('highlightTheme: base16/zenburn').meta.highlightTheme, 'base16/zenburn');
    const old = front('highlightTheme: railscasts');
    assert.equal(old.meta.highlightTheme, 'base16/railscasts');
    assert.match(messages(old)[0], /"railscasts" is called "base16\/railscasts" since highlight.js 11/);
    const bad = front('highlightTheme: githib');
    assert.equal(bad.meta.highlightTheme, undefined);
    assert.match(messages(bad)[0], /did you mean "github"\?/);
  });

  test('the list of highlight.js styles is the one installed', () => {
    const dir = path.join(projectRoot, 'node_modules/highlight.js/styles');
    const names = (sub: string) =>
      fs.readdirSync(path.join(dir, sub)).filter((f) => f.endsWith('.css') && !f.endsWith('.min.css')).map((f) => path.posix.join(sub, f.slice(0, -4)));
    assert.deepEqual([...HIGHLIGHT_STYLES].sort(), [...names(''), ...names('base16')].sort());
  });

  test('css: a list or a comma-separated string of .css paths inside the deck folder', () => {
    assert.deepEqual(front('css: "a.css,styles/b.css"').meta.css, ['a.css', 'styles/b.css']);
    const deck = front('css: [a.css, "javascript:x.css", ../up.css, b.txt]');
    assert.deepEqual(deck.meta.css, ['a.css']);
    assert.equal(deck.warnings.length, 3);
  });
});

describe('revealOptions', () => {
  test('values of the right type are kept; wrong ones, unknown keys and code are dropped with a warning', () => {
    const deck = front(
      'revealOptions:\n  controls: false\n  slideNumber: "c/t"\n  transition: zoom\n  margin: 0.1\n  autoSlide: 5000\n' +
        '  center: "yes"\n  slidenumber: true\n  dependencies: [{ src: x.js }]\n  keyboard: { 81: toggleOverview }\n  parallaxBackgroundImage: "javascript:alert(1)"\n',
    );
    assert.deepEqual(deck.meta.reveal, { controls: false, slideNumber: 'c/t', transition: 'zoom', margin: 0.1, autoSlide: 5000, width: 1280, height: 720 });
    assert.equal(deck.meta.transition, 'zoom');
    const text = messages(deck).join('\n');
    assert.match(text, /revealOptions "center" must be true or false, not "yes": ignored/);
    assert.match(text, /revealOptions "slidenumber" is not a reveal.js option \(did you mean "slideNumber"\?\)/);
    assert.match(text, /revealOptions "dependencies" is not used: Lectern never runs code or plugins/);
    assert.match(text, /revealOptions "keyboard" must be true or false/);
    assert.match(text, /revealOptions "parallaxBackgroundImage" must be an image path/);
    assert.ok(deck.warnings.every((w) => w.line === 2));
  });

  test('the slide size comes from width/height (a 1024×768 deck is not cropped to 16:9)', () => {
    const deck = front('revealOptions:\n  width: 1024\n  height: 768');
    assert.equal(deck.meta.aspect, '1024:768');
    assert.deepEqual([deck.meta.reveal.width, deck.meta.reveal.height], [1024, 768]);
    const one = front('revealOptions:\n  width: 1000');
    assert.equal(one.meta.aspect, '1000:700', "the other side is reveal.js's default");
    const both = front('aspect: "16:9"\nrevealOptions:\n  width: "1366"\n  height: 768');
    assert.equal(both.meta.aspect, '1366:768');
    assert.equal(front('aspect: "4:3"').meta.reveal.width, 960);
    const disagree = front('aspect: "4:3"\nrevealOptions:\n  width: 1280\n  height: 720');
    assert.match(messages(disagree)[0], /"aspect" "4:3" disagrees with the reveal.js size 1280×720: the size wins/);
    const percent = front('aspect: "4:3"\nrevealOptions:\n  width: "100%"\n  height: "100%"');
    assert.deepEqual([percent.meta.aspect, percent.meta.reveal.width], ['4:3', '100%']);
  });
});

describe('warnings for keys', () => {
  test('misspelt keys, reveal.js options at the top level, reveal.js attributes as keys', () => {
    const deck = front('highlight-theme: github\ntransitions: fade\nslideNumber: true\ndata-separator-notes: "^Note:"\nmyOwnKey: 1');
    assert.deepEqual(messages(deck), [
      'front matter "highlight-theme" is not a setting; did you mean "highlightTheme"? (ignored)',
      'front matter "transitions" is not a setting; did you mean "transition"? (ignored)',
      'front matter "slideNumber" is a reveal.js option: put it under "revealOptions" (here it is ignored, as reveal-md ignores it)',
      'front matter "data-separator-notes" is reveal.js\'s HTML attribute: write "notesSeparator" (this key is ignored, as reveal-md ignores it)',
    ]);
    assert.deepEqual(deck.warnings.map((w) => w.line), [2, 3, 4, 5]);
    assert.equal(deck.meta.myOwnKey, 1, 'other keys are kept, ignored');
  });

  test('scripts, preprocessor and template are never run, and say so', () => {
    const deck = front('scripts: [plugin.js]\npreprocessor: pre.js\ntemplate: t.html\nlistingTemplate: ""');
    assert.equal(deck.warnings.length, 3);
    assert.ok(messages(deck).every((m) => /is not run: Lectern never runs code from a deck/.test(m)));
  });
});

describe("reveal-md's config files", () => {
  test('mergeConfigFiles: front matter > reveal-md.json; revealOptions: front > reveal-md.json > reveal.json', () => {
    const merged = mergeConfigFiles(
      { theme: 'night', revealOptions: { controls: false }, mermaid: { theme: 'dark' } },
      {
        revealMd: { theme: 'white', separator: '^___', revealOptions: { controls: true, progress: false }, mermaid: { theme: 'x', look: 'classic' } },
        reveal: { controls: true, progress: true, center: false },
      },
    );
    assert.equal(merged.settings.theme, 'night');
    assert.equal(merged.settings.separator, '^___');
    assert.deepEqual(merged.settings.mermaid, { theme: 'dark', look: 'classic' });
    assert.deepEqual(merged.revealOptions, { controls: false, progress: false, center: false });
    assert.deepEqual(merged.revealSource, { controls: 'front matter', progress: 'reveal-md.json', center: 'reveal.json' });
    assert.equal(merged.settingSource.separator, 'reveal-md.json');
  });

  test('a deck parses with its config: separators, theme and reveal options from the files, front matter first', () => {
    const config = {
      revealMd: { separator: '^===', verticalSeparator: '^---', theme: 'moon', title: 'From config', scripts: 'x.js', highlightTheme: 12 },
      reveal: { transition: 'fade', width: 1280, height: 720, math: { config: 'TeX' } },
    };
    const deck = parseDeck('# A\n---\n# A1\n===\n# B\n', { config });
    assert.deepEqual(deck.slides.map((s) => `${s.h}.${s.v}`), ['0.0', '0.1', '1.0']);
    assert.equal(deck.meta.theme, 'moon');
    assert.equal(deck.meta.title, 'From config');
    assert.equal(deck.meta.transition, 'fade');
    assert.deepEqual(messages(deck), [
      'reveal-md.json "highlightTheme" must be the name of a highlight.js style: ignored',
      'reveal-md.json "scripts" is not run: Lectern never runs code from a deck (scripts, preprocessors, templates); the deck is shown without it',
      'reveal.json "math" is not used: Lectern never runs code or plugins from a deck, and renders markdown, code and math itself',
    ]);
    const mine = parseDeck('---\ntheme: sky\nseparator: "^---$"\n---\n# A\n---\n# B\n', { config });
    assert.deepEqual([mine.meta.theme, mine.slides.length], ['sky', 2]);
  });
});
