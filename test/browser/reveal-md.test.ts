// reveal-md decks on the deck page in real Chromium: themes, reveal.js options, KaTeX's styles,
// mermaid diagrams (and what a hostile one cannot do), line steps, lazy iframes, a slide that
// needs more than reveal's 30% zoom, and the author's warnings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { createSession } from '../live/helpers.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'reveal-md');

const LONG = `---\ntitle: Long slide\n---\n\n# Very long\n\n${Array.from({ length: 160 }, (_, i) => `- item ${i + 1}`).join('\n')}\n- the last word\n`;

async function deckPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, url);
  await waitForReveal(opened.page);
  return opened;
}

describe('reveal-md decks in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let decksDir: string;

  before(async () => {
    decksDir = await tempDir('lectern-reveal-md-');
    await fs.cp(FIXTURES, decksDir, { recursive: true });
    await fs.writeFile(path.join(decksDir, 'long.md'), LONG);
    await fs.writeFile(path.join(decksDir, 'restyle.md'), '---\ntitle: Restyle\ntheme: black\n---\n\n# Restyle\n');
    server = await startServer({ decksDir, watch: true });
    // Same-origin, so the test needs no network: reveal.js loads it when its slide comes near.
    await fs.writeFile(path.join(decksDir, 'lazy.md'), `# First\n\n---\n\n# Second\n\n---\n\n# Lazy frame\n\n<iframe data-src="${server.url}/healthz" width="400" height="100"></iframe>\n`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test("a deck that names reveal.js's theme gets it; others keep Lectern's", async () => {
    const { page, errors } = await deckPage(browser, `${server.url}/decks/themed`);
    const styles = await page.$$eval('link[data-lectern-style]', (links) => links.map((l) => l.getAttribute('href')));
    assert.ok(styles.some((href) => /\/styles\/themes\/black-\w+\.css$/.test(href ?? '')), String(styles));
    assert.ok(styles.some((href) => /\/styles\/highlight\/github-dark-\w+\.css$/.test(href ?? '')), String(styles));
    const look = await page.evaluate(() => ({
      background: getComputedStyle(document.querySelector('.reveal-viewport') ?? document.body).backgroundColor,
      color: getComputedStyle(document.querySelector('.reveal h1')!).color,
      font: getComputedStyle(document.querySelector('.reveal')!).fontFamily,
    }));
    assert.equal(look.background, 'rgb(25, 25, 25)');
    assert.equal(look.color, 'rgb(255, 255, 255)');
    assert.match(look.font, /Source Sans Pro/);
    assert.deepEqual(errors, []);

    const plain = await deckPage(browser, `${server.url}/decks/line-steps`);
    const plainStyles = await plain.page.$$eval('link[data-lectern-style]', (links) => links.map((l) => l.getAttribute('href')));
    assert.ok(plainStyles.some((href) => /\/themes\/lectern-\w+\.css$/.test(href ?? '')), String(plainStyles));
    assert.ok(!plainStyles.some((href) => /black|github/.test(href ?? '')));
  });

  test("editing an open deck's theme swaps its stylesheets in place", async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/restyle`);
    await page.waitForFunction(() => document.documentElement.dataset.liveReload === 'on', { timeout: 10000 });
    const background = () => page.evaluate(() => getComputedStyle(document.querySelector('.reveal-viewport') ?? document.body).backgroundColor);
    assert.equal(await background(), 'rgb(25, 25, 25)');
    await fs.writeFile(path.join(decksDir, 'restyle.md'), '---\ntitle: Restyle\ntheme: white\n---\n\n# Restyled\n');
    await page.waitForFunction(() => document.querySelector('.present')?.textContent?.includes('Restyled'), { timeout: 10000 });
    const styles = await page.$$eval('link[data-lectern-style]', (links) => links.map((l) => l.getAttribute('href') ?? ''));
    assert.ok(styles.some((href) => /themes\/white-/.test(href)) && !styles.some((href) => /themes\/black-/.test(href)), styles.join(' '));
    assert.equal(await background(), 'rgb(255, 255, 255)');
  });

  test("revealOptions reach reveal.js: the slide size, controls, slide number, centring, transition", async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/four-three`);
    const config = await page.evaluate(() => {
      const c = window.Reveal!.getConfig();
      return { width: c.width, height: c.height, controls: c.controls, slideNumber: c.slideNumber, center: c.center, margin: c.margin };
    });
    assert.deepEqual(config, { width: 1024, height: 768, controls: false, slideNumber: 'c/t', center: false, margin: 0.1 });
    assert.equal(await page.$eval('.reveal', (el) => el.classList.contains('center')), false);
    assert.equal(await page.$eval('.reveal .controls', (el) => getComputedStyle(el).display), 'none');
    const themed = await deckPage(browser, `${server.url}/decks/themed`);
    assert.equal(await themed.page.evaluate(() => window.Reveal!.getConfig().transition), 'fade');
  });

  test("KaTeX's stylesheet is loaded for decks with math: the MathML is for screen readers only", async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/math`);
    const mathml = await page.$eval('.katex .katex-mathml', (el) => ({ position: getComputedStyle(el).position, clip: getComputedStyle(el).clip }));
    assert.equal(mathml.position, 'absolute');
    const height = await page.$eval('.katex-display', (el) => el.getBoundingClientRect().height);
    assert.ok(height > 20 && height < 200, `display math is ${height}px tall`);
  });

  test('mermaid diagrams are drawn, their labels kept and their script and styles refused', async () => {
    const loaded: string[] = [];
    const plain = await deckPage(browser, `${server.url}/decks/math`);
    loaded.push(...(await plain.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))));
    assert.ok(!loaded.some((url) => /diagrams-/.test(url)), 'a deck without diagrams does not load the diagram code');

    const { page, errors } = await deckPage(browser, `${server.url}/decks/diagrams`);
    await page.waitForFunction(() => document.querySelectorAll('pre.mermaid.mermaid-drawn svg').length === 2, { timeout: 20000 });
    const labels = await page.$$eval('pre.mermaid foreignObject', (els) => els.map((e) => e.textContent ?? '').join(' '));
    assert.match(labels, /Write markdown/);
    assert.match(labels, /Lectern/);
    const hostile = await page.evaluate(() => ({
      handlers: [...document.querySelectorAll('pre.mermaid *')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length,
      scripts: document.querySelectorAll('pre.mermaid script').length,
      toolbar: getComputedStyle(document.querySelector('.deck-toolbar')!).display,
      present: getComputedStyle(document.getElementById('lectern-present-live')!).display,
    }));
    assert.equal(hostile.handlers, 0);
    assert.equal(hostile.scripts, 0);
    // The diagram's themeCSS tried to hide the page's own controls.
    assert.notEqual(hostile.toolbar, 'none');
    assert.notEqual(hostile.present, 'none');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  });

  test("the follower and presenter pages draw the deck's diagrams in its theme too", async () => {
    const session = await createSession(server.url, 'diagrams');
    for (const url of [`/live/${session.id}`, session.presenterUrl.replace(/^https?:\/\/[^/]+/, '')]) {
      const { page } = await openPage(browser, `${server.url}${url}`);
      await page.waitForFunction(() => document.querySelector('pre.mermaid.mermaid-drawn svg') !== null, { timeout: 20000 });
      const styles = await page.$$eval('link[data-lectern-style]', (links) => links.map((l) => l.getAttribute('href') ?? ''));
      assert.ok(styles.some((href) => /themes\/simple-/.test(href)), `${url}: ${styles.join(' ')}`);
      await page.close();
    }
  });

  test("a line step's copy lies exactly over the block it replaces", async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/line-steps`);
    await page.evaluate(() => window.Reveal!.next());
    await page.waitForFunction(() => document.querySelector('pre > code.fragment.visible') !== null);
    const boxes = await page.$$eval('pre > code', (codes) =>
      codes.map((code) => {
        const rect = code.getBoundingClientRect();
        const first = code.querySelector('.hljs-ln-code, td:last-child') ?? code;
        const text = first.getBoundingClientRect();
        return { left: Math.round(text.left), top: Math.round(text.top), background: getComputedStyle(code).backgroundColor, height: rect.height };
      }),
    );
    assert.equal(boxes.length, 3);
    assert.equal(boxes[1]!.left, boxes[0]!.left, 'the copy starts where the block does');
    assert.equal(boxes[1]!.top, boxes[0]!.top);
    assert.notEqual(boxes[1]!.background, 'rgba(0, 0, 0, 0)', 'the copy covers the block under it');
  });

  test('a lazy <iframe data-src> loads when its slide comes near', async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/lazy`);
    assert.equal(await page.$eval('iframe', (f) => f.getAttribute('src')), null);
    await page.evaluate(() => window.Reveal!.slide(2));
    await page.waitForFunction(() => document.querySelector('iframe')?.getAttribute('src')?.endsWith('/healthz') === true, { timeout: 5000 });
    assert.match((await page.$eval('iframe', (f) => f.getAttribute('sandbox'))) ?? '', /allow-scripts/);
  });

  test('a slide that needs more than 30% zoom shrinks further, loses no word, and warns its author', async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/long`);
    await page.waitForFunction(() => Number((document.querySelector('.slide-content') as HTMLElement | null)?.dataset.fit ?? 1) < 0.3, { timeout: 10000 });
    const fit = await page.evaluate(() => {
      const section = document.querySelector('.slides section')!.getBoundingClientRect();
      const last = [...document.querySelectorAll('.slides li')].at(-1)!.getBoundingClientRect();
      const title = document.querySelector('.slides h1')!.getBoundingClientRect();
      return { inside: last.bottom <= section.bottom + 1 && title.top >= section.top - 1 };
    });
    assert.ok(fit.inside, 'the first and last lines are inside the slide');
    await page.waitForFunction(() => /below reveal\.js's 30%/.test(document.getElementById('lectern-warnings')?.textContent ?? ''), { timeout: 10000 });
  });

  test("the author sees the deck's warnings on its page and its card", async () => {
    const { page } = await deckPage(browser, `${server.url}/decks/styled`);
    await page.waitForSelector('#lectern-warnings:not([hidden])');
    const text = await page.$eval('#lectern-warnings', (el) => el.textContent ?? '');
    assert.match(text, /index\.md:16/);
    assert.match(text, /missing\.png/);
    assert.match(text, /@import/);
    const index = await openPage(browser, `${server.url}/`);
    const card = await index.page.$$eval('.card', (cards) => cards.map((c) => c.textContent ?? '').find((t) => t.includes('Styled deck')) ?? '');
    assert.match(card, /4 warnings/);
    assert.match(card, /cannot|index\.md/);
    const badge = await index.page.$$eval('.card', (cards) => cards.map((c) => c.textContent ?? '').find((t) => t.includes('notes-only')) ?? '');
    assert.match(badge, /no index\.md/);
  });
});
