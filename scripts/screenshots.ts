// Screenshots of the pages in headless Chromium, for looking at what Lectern shows people
// (and for the README). Usage: npm run screenshots -- [--out /tmp/lectern-shots] [--deck slug]...
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';
import { createApplication } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { BROWSER_ARGS, findBrowser } from '../server/pdf/browser.ts';

const VIEWPORTS = { desktop: { width: 1920, height: 1080 }, phone: { width: 390, height: 844 } };

const { values } = parseArgs({
  options: { out: { type: 'string', default: '/tmp/lectern-shots' }, deck: { type: 'string', multiple: true }, slides: { type: 'string', default: '0,1,4,5,11' } },
});
const out = path.resolve(values.out!);
await fs.mkdir(out, { recursive: true });
const config = { ...loadConfig([], { ...process.env, LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', watch: false };
const lectern = await createApplication(config);
const { port } = await lectern.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
const browser = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: BROWSER_ARGS });
try {
  const decks = values.deck ?? (await lectern.context.decks.list()).filter((d) => !d.error).map((d) => d.slug);
  const slideList = values.slides!.split(',').map(Number);
  const page = await browser.newPage();
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewport(viewport);
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    await page.screenshot({ path: path.join(out, `index-${name}.png`) });
    for (const slug of decks) {
      await page.goto(`${base}/decks/${slug}`, { waitUntil: 'networkidle0' });
      await page.waitForFunction(() => window.Reveal?.isReady());
      const total = await page.evaluate(() => window.Reveal.getHorizontalSlides().length);
      for (const h of slideList.filter((n) => n < total)) {
        await page.evaluate((n) => window.Reveal.slide(n, 0, Number.MAX_SAFE_INTEGER), h);
        await new Promise((r) => setTimeout(r, 700));
        await page.screenshot({ path: path.join(out, `${slug}-${h + 1}-${name}.png`) });
      }
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await lectern.close();
}
